package dev.daprcompute.bridge.internal;

import dev.daprcompute.api.Compute;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import io.dapr.v1.AppCallbackAlphaGrpc;
import io.dapr.v1.DaprAppCallbackProtos;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr 1.16's {@code AppCallbackAlpha}: bulk topic events (one status per entry; a failure outside
 * the function is RETRY for every entry) and jobs, which a Compute does not serve (UNIMPLEMENTED).
 *
 * <p>Thread-safe.
 */
public final class AppCallbackAlphaService extends AppCallbackAlphaGrpc.AppCallbackAlphaImplBase {
  private static final Logger log = LoggerFactory.getLogger(AppCallbackAlphaService.class);

  private final Compute compute;
  private final @Nullable Duration callTimeout;

  public AppCallbackAlphaService(Compute compute, @Nullable Duration callTimeout) {
    this.compute = Objects.requireNonNull(compute, "compute == null");
    this.callTimeout = callTimeout;
  }

  @Override
  public void onBulkTopicEventAlpha1(
      DaprAppCallbackProtos.TopicEventBulkRequest request,
      StreamObserver<DaprAppCallbackProtos.TopicEventBulkResponse> observer) {
    GrpcCalls.serve(
        observer,
        callTimeout,
        options -> {
          BulkTopicEventRequest batch = ProtoMapping.bulk(request);
          return compute.onBulkTopicEvent(batch, options);
        },
        outcome -> ProtoMapping.bulkResponse(request, outcome),
        failure -> {
          log.warn(
              "batch {} of topic '{}' could not be delivered; answering RETRY for its {} entries: {}",
              request.getId(),
              request.getTopic(),
              request.getEntriesCount(),
              Failure.of(failure).message());
          return ProtoMapping.bulkResponse(request, TopicEventStatus.RETRY);
        });
  }

  @Override
  public void onJobEventAlpha1(
      DaprAppCallbackProtos.JobEventRequest request,
      StreamObserver<DaprAppCallbackProtos.JobEventResponse> observer) {
    observer.onError(
        Status.UNIMPLEMENTED
            .withDescription(
                "the dapr-compute bridge does not serve jobs: a Compute has no job callback")
            .asRuntimeException());
  }
}
