package dev.daprcompute.openfaas;

import dev.daprcompute.api.BindingEventRequest;
import dev.daprcompute.api.BindingEventResponse;
import dev.daprcompute.api.BulkTopicEventRequest;
import dev.daprcompute.api.BulkTopicEventResponse;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.Feature;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.InvokeRequest;
import dev.daprcompute.api.InvokeResponse;
import dev.daprcompute.api.TopicEventRequest;
import dev.daprcompute.api.TopicEventResponse;
import dev.daprcompute.api.TopicSubscription;
import dev.daprcompute.api.internal.GoDuration;
import dev.daprcompute.api.protocol.FunctionCompute;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@code compute.openfaas} component: the one protocol client ({@link FunctionCompute}) over an
 * {@link OpenFaasTransport}, plus the two things today's SPI does not let a transport do: defaults
 * of its own for {@code timeout} and {@code initTimeout} (scale from zero holds a request for up to
 * about 100 s), and subscriptions the platform adds to the function's own (the {@code topic}
 * annotation). Everything else is the delegate's. Thread-safe.
 */
// SPI v2: this class disappears. A PlatformProvider declares its defaults (see DEFAULT_TIMEOUT) and
// PlatformTransport gets platformSubscriptions (see OpenFaasTransport), called by FunctionCompute.
final class OpenFaasCompute implements Compute {
  /**
   * The default {@code timeout}: the gateway's scaling handler polls for a ready replica for up to
   * about 100 s (1,000 polls, 100 ms apart) before it forwards a call, and the function then needs
   * time of its own.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The default {@code initTimeout}: room for the platform checks and one info call that waits out
   * a scale from zero within {@link #DEFAULT_TIMEOUT}, and a retry.
   */
  static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(150);

  private final FunctionCompute delegate;
  private final AtomicReference<@Nullable OpenFaasTransport> transport = new AtomicReference<>();
  private volatile Duration timeout = DEFAULT_TIMEOUT;

  OpenFaasCompute(ComputeContext context) {
    this.delegate = new FunctionCompute(context, OpenFaasComputeProvider.FIELDS, (metadata, hardened) -> {
      OpenFaasTransport created = OpenFaasTransport.create(metadata, hardened);
      transport.set(created);
      return created;
    });
  }

  @Override
  public InitReport init(ComponentMetadata metadata) {
    ComponentMetadata effective = withDefaults(metadata);
    InitReport report = delegate.init(effective);
    timeout = effective.duration("timeout").orElse(DEFAULT_TIMEOUT);
    return report;
  }

  /**
   * {@code metadata} with this provider's defaults where the component sets none: {@code timeout}
   * {@link #DEFAULT_TIMEOUT}, and {@code initTimeout} {@link #DEFAULT_INIT_TIMEOUT} when it is
   * Dapr's default (5 s). Fields keep their values, secrecy and lines.
   */
  // SPI v2: ComponentMetadata cannot tell an initTimeout written as 5s from none (ResourceReader fills
  // in Dapr's default), so 5s counts as unset here; and it has no toBuilder. SPI v2 needs provider
  // defaults for timeout and initTimeout (PlatformProvider.defaultTimeout()/defaultInitTimeout(), applied
  // by ComputeProviders when spec.initTimeout and metadata timeout are absent, which ComponentResource
  // must then record as absent, not as 5s).
  static ComponentMetadata withDefaults(ComponentMetadata metadata) {
    boolean timeoutSet = metadata.string("timeout").isPresent();
    boolean initTimeoutSet = !metadata.initTimeout().equals(ComponentMetadata.DEFAULT_INIT_TIMEOUT);
    if (timeoutSet && initTimeoutSet) {
      return metadata;
    }
    ComponentMetadata.Builder copy = ComponentMetadata.builder(metadata.name(), metadata.type())
        .version(metadata.version())
        .ignoreErrors(metadata.ignoreErrors())
        .initTimeout(initTimeoutSet ? metadata.initTimeout() : DEFAULT_INIT_TIMEOUT);
    metadata.file().ifPresent(file -> copy.source(file, metadata.componentProblem("", "").line()));
    for (String field : metadata.fieldNames()) {
      copy.put(field, metadata.string(field).orElse(""), metadata.isSecret(field), metadata.problem(field, "", "").line());
    }
    if (!timeoutSet) {
      copy.put("timeout", GoDuration.format(DEFAULT_TIMEOUT));
    }
    return copy.build();
  }

  @Override
  public Set<Feature> features() {
    return delegate.features();
  }

  @Override
  public CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options) {
    return delegate.onInvoke(request, options);
  }

  @Override
  public CompletableFuture<TopicEventResponse> onTopicEvent(TopicEventRequest event, CallOptions options) {
    return delegate.onTopicEvent(event, options);
  }

  @Override
  public CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(BulkTopicEventRequest batch, CallOptions options) {
    return delegate.onBulkTopicEvent(batch, options);
  }

  @Override
  public CompletableFuture<BindingEventResponse> onBindingEvent(BindingEventRequest event, CallOptions options) {
    return delegate.onBindingEvent(event, options);
  }

  /**
   * The function's own subscriptions, then (with {@code topicAnnotationPubsub}) those of its
   * {@code topic} annotation that it does not list itself, all within the call's deadline. A
   * failure of either is the call's failure: an incomplete list would silently unsubscribe topics.
   */
  @Override
  public CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options) {
    long askedAt = System.nanoTime();
    CompletableFuture<List<TopicSubscription>> own = delegate.listTopicSubscriptions(options);
    OpenFaasTransport platform = transport.get();
    if (platform == null || !platform.addsSubscriptions()) {
      return own;
    }
    Duration deadline = options.timeoutIfSet().orElse(timeout);
    AtomicReference<@Nullable CompletableFuture<?>> annotated = new AtomicReference<>();
    CompletableFuture<List<TopicSubscription>> merged = own.thenCompose(list -> {
      Duration left = deadline.minusNanos(System.nanoTime() - askedAt);
      if (left.isNegative() || left.isZero()) {
        return CompletableFuture.failedFuture(new ComputeUnavailableException(Reason.TIMEOUT, "listing the subscriptions"
            + " of the topic annotation did not start within the call's timeout of " + deadline.toMillis() + " ms", null));
      }
      CompletableFuture<List<TopicSubscription>> extra = platform.platformSubscriptions(left);
      annotated.set(extra);
      return extra.thenApply(added -> TopicAnnotations.merge(list, added, platform.settings().describeFunction()));
    });
    merged.whenComplete((value, failure) -> {
      if (merged.isCancelled()) {
        own.cancel(true);
        CompletableFuture<?> pending = annotated.get();
        if (pending != null) {
          pending.cancel(true);
        }
      }
    });
    return merged;
  }

  @Override
  public CompletableFuture<List<String>> listInputBindings(CallOptions options) {
    return delegate.listInputBindings(options);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
