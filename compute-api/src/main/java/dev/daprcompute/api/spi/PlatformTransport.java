package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicSubscription;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The platform part of a component: how a {@link FunctionRequest} travels over one platform and how
 * that platform's replies read. Everything else (paths, headers, the token, limits, deadlines,
 * cancellation, and deciding what a reply means) is done around it, the same for every platform.
 *
 * <p>Made once per component by its {@link PlatformProvider} during {@code init}, closed with the
 * component; used from many threads, so implementations are thread-safe. A platform reached at a
 * URL reuses the plain HTTP transport ({@code dev.daprcompute.api.http.HttpTransport}) and adds its
 * credentials and its errors to it.
 */
public interface PlatformTransport extends AutoCloseable {

  /** The platform's name for messages, such as {@code AWS Lambda}. */
  String platformName();

  /**
   * The function's name on its platform, for messages and as the default token audience. For a
   * plain HTTP endpoint, its URL ({@link BaseUrls#display}).
   */
  String functionName();

  /** The HTTP client to call the platform with, derived from the context's. */
  OkHttpClient httpClient();

  /**
   * The platform's HTTP request for {@code request}: its URL, its credentials (a function key, a
   * SigV4 signature), and its envelope if it has one. Called when the call starts, so that a
   * signature is never older than the call.
   *
   * @throws ComputeRequestException when the platform cannot carry this request (over its payload
   *     limit, say), with the limit in the message
   * @throws ComputeUnavailableException when the platform's credentials cannot be had now
   */
  Request toHttpRequest(FunctionRequest request);

  /**
   * Reads the platform's reply: removes an envelope, and recognises the platform's own errors
   * ({@link PlatformResponse.PlatformError}) and a request the platform queued without running it
   * ({@link PlatformResponse#queued}). The default takes the reply as it is, to be classified by
   * the {@link Protocol#MARKER_HEADER}.
   *
   * @param request the request this answers
   * @param status the HTTP status
   * @param headers the HTTP headers
   * @param body the body, read up to {@link #rawResponseLimit}
   */
  default PlatformResponse fromHttpResponse(
      FunctionRequest request, int status, Metadata headers, Payload body) {
    return PlatformResponse.of(status, headers, body);
  }

  /**
   * How many bytes of the platform's reply to read when the function may answer with up to {@code
   * maxBodySize} bytes. Envelopes that base64-encode the body need more.
   */
  default long rawResponseLimit(long maxBodySize) {
    return maxBodySize;
  }

  /**
   * Whether the platform uses the {@code Authorization} header itself (SigV4, say), so the token
   * must go in {@link Protocol#DAPR_AUTHORIZATION}.
   */
  default boolean occupiesAuthorizationHeader() {
    return false;
  }

  /**
   * The platform's own checks, run by {@code init} before the info call on every attempt: does the
   * function exist, are our platform credentials accepted. Returns by {@code attempt.deadline()};
   * make calls with {@link PlatformCalls#execute}. A platform that deploys the function (or what
   * checks its tokens) itself does it here, and says so with {@link
   * InitAttempt#deploymentInProgress}.
   *
   * @return the checks that ran; empty when the platform has none (the default)
   * @throws ComputeUnavailableException when the platform failed in a way worth retrying (init
   *     retries until its {@code initTimeout}, except for {@link Reason#NOT_DEPLOYED} and {@link
   *     Reason#PLATFORM_CREDENTIALS}, which fail it at once); word it with {@link
   *     PlatformFailures#ofPlatformCall}
   * @throws ComputeInitException when a check failed for good, naming the check, saying what failed
   *     (init adds "init of component '...' failed: ") and carrying the checks that ran, the failed
   *     one last
   */
  default List<InitCheck> checkPlatform(InitAttempt attempt) {
    return List.of();
  }

  /**
   * Subscriptions the platform adds to the function's own (OpenFaaS's {@code topic} annotation),
   * read each time the runtime lists the component's subscriptions, once the function's own list
   * has arrived, and returned by {@code deadline} (what is left of that call's). The component
   * lists the function's own first, then each of these that the function does not list itself (the
   * same PubSub component and topic): the function wins on a conflict. Blocks; called on one of the
   * component's threads. The default adds none, without I/O.
   *
   * @throws ComputeUnavailableException when the platform cannot say now: the listing fails, since
   *     a shorter list would silently unsubscribe topics
   */
  default List<TopicSubscription> platformSubscriptions(Deadline deadline) {
    return List.of();
  }

  /**
   * What an operator does about {@code reason} on this platform, for messages, such as {@code
   * deploy it, or fix functionName or region (eu-west-1)}; empty for the generic advice. Asked for
   * {@link Reason#NOT_DEPLOYED} and {@link Reason#PLATFORM_CREDENTIALS}.
   */
  default String advice(Reason reason) {
    return "";
  }

  /**
   * The metadata fields that say where the function is, such as {@code endpoint}, or {@code
   * functionName} and {@code region}: when init gives up because the function cannot be reached,
   * its message ends with the hint to check those of them that are set. Empty (the default): the
   * component's URL fields ({@code MetadataField.Kind#URI}) that are set.
   */
  default List<String> locationFields() {
    return List.of();
  }

  /** Features this component's platform adds, such as {@link Feature#PLATFORM_CHECKS}. */
  default Set<Feature> features() {
    return Set.of();
  }

  /** Releases what the transport created. The default has nothing to release. */
  @Override
  default void close() {}
}
