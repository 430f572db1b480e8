package dev.daprcompute.api.internal;

import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.Feature;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import okhttp3.Dispatcher;

/**
 * What {@code init} established for a component; immutable afterwards.
 *
 * @param component the component's name
 * @param settings the common metadata, read
 * @param transport the platform's transport
 * @param signer signs the tokens
 * @param audience the tokens' audience
 * @param requests builds each operation's request
 * @param replies reads each operation's reply
 * @param exchange sends requests within their deadlines and maxConcurrency
 * @param executor and {@code dispatcher}: the threads of the component's HTTP calls
 * @param features the component's and its function's features
 * @param observations the component's observations (off unless the context has a registry)
 */
record Ready(
    String component,
    ProtocolSettings settings,
    PlatformTransport transport,
    TokenSigner signer,
    String audience,
    RequestFactory requests,
    ReplyRules replies,
    Exchange exchange,
    ThreadPoolExecutor executor,
    Dispatcher dispatcher,
    Set<Feature> features,
    Observations observations) {

  Ready withFeatures(Set<Feature> features) {
    return new Ready(
        component,
        settings,
        transport,
        signer,
        audience,
        requests,
        replies,
        exchange,
        executor,
        dispatcher,
        Set.copyOf(features),
        observations);
  }

  /** Stops what the component started: its calls, its threads, its transport. */
  void release() {
    dispatcher.cancelAll();
    executor.shutdown();
    transport.close();
  }
}
