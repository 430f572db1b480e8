package dev.daprcompute.bridge.internal;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.rpc.ErrorInfo;
import dev.daprcompute.api.Compute;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprAppCallbackProtos;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr's {@code AppCallback} service over a Compute, for daprd {@code --app-protocol grpc}.
 *
 * <p>Invocations answer as daprd answers for an HTTP app: a 2xx reply is OK with its data, content
 * type and headers (as gRPC headers); any other status is the gRPC error daprd's {@code
 * ErrorFromHTTPResponseCode} makes (code by {@link StatusCodes#codeFromHttpStatus}, the status text
 * as message, an {@code ErrorInfo} with {@code http.code} and the start of the body), with the
 * reply headers as trailers. Topic events never fail: SUCCESS, RETRY or DROP travel in the
 * response, and a failure outside the function is RETRY (daprd DROPs on UNIMPLEMENTED, so that code
 * is never used). Binding events fail with a gRPC error, so the binding can retry.
 *
 * <p>Thread-safe.
 */
public final class AppCallbackService extends AppCallbackGrpc.AppCallbackImplBase {
  private static final Logger log = LoggerFactory.getLogger(AppCallbackService.class);

  /** daprd truncates the error text it puts in {@code ErrorInfo} to this many characters. */
  private static final int MAX_ERROR_DETAIL = 63;

  private final Compute compute;
  private final Catalog catalog;
  private final @Nullable Duration callTimeout;

  public AppCallbackService(Compute compute, Catalog catalog, @Nullable Duration callTimeout) {
    this.compute = Objects.requireNonNull(compute, "compute == null");
    this.catalog = Objects.requireNonNull(catalog, "catalog == null");
    this.callTimeout = callTimeout;
  }

  @Override
  public void onInvoke(
      CommonProtos.InvokeRequest request, StreamObserver<CommonProtos.InvokeResponse> observer) {
    GrpcCalls.serve(
        observer,
        callTimeout,
        options -> {
          InvokeRequest invoke = ProtoMapping.invokeRequest(request, GrpcCalls.callMetadata());
          return compute.onInvoke(invoke, options);
        },
        reply -> {
          io.grpc.Metadata headers = GrpcMetadata.toGrpc(reply.metadata());
          if (!reply.isSuccessful()) {
            throw invokeError(reply, headers);
          }
          GrpcCalls.setReplyHeaders(headers);
          return ProtoMapping.invokeResponse(reply);
        },
        GrpcCalls::fail);
  }

  @Override
  public void listTopicSubscriptions(
      Empty request,
      StreamObserver<DaprAppCallbackProtos.ListTopicSubscriptionsResponse> observer) {
    GrpcCalls.serve(
        observer,
        callTimeout,
        catalog::refreshSubscriptions,
        ProtoMapping::subscriptions,
        GrpcCalls::fail);
  }

  @Override
  public void onTopicEvent(
      DaprAppCallbackProtos.TopicEventRequest request,
      StreamObserver<DaprAppCallbackProtos.TopicEventResponse> observer) {
    GrpcCalls.serve(
        observer,
        callTimeout,
        options -> {
          TopicEventRequest event =
              ProtoMapping.topicEvent(request, GrpcCalls.callMetadata(), catalog);
          return compute.onTopicEvent(event, options);
        },
        outcome -> {
          if (outcome.status() == TopicEventStatus.RETRY && !outcome.reason().isEmpty()) {
            log.debug(
                "event {} of topic '{}' is RETRY: {}",
                request.getId(),
                request.getTopic(),
                outcome.reason());
          }
          return ProtoMapping.topicResponse(outcome.status());
        },
        failure -> {
          // Not delivered, and not the function's word: the broker must deliver it again.
          log.warn(
              "event {} of topic '{}' could not be delivered; answering RETRY: {}",
              request.getId(),
              request.getTopic(),
              Failure.of(failure).message());
          return ProtoMapping.topicResponse(TopicEventStatus.RETRY);
        });
  }

  @Override
  public void listInputBindings(
      Empty request, StreamObserver<DaprAppCallbackProtos.ListInputBindingsResponse> observer) {
    GrpcCalls.serve(
        observer,
        callTimeout,
        catalog::refreshInputBindings,
        ProtoMapping::inputBindings,
        GrpcCalls::fail);
  }

  @Override
  public void onBindingEvent(
      DaprAppCallbackProtos.BindingEventRequest request,
      StreamObserver<DaprAppCallbackProtos.BindingEventResponse> observer) {
    GrpcCalls.serve(
        observer,
        callTimeout,
        options ->
            compute.onBindingEvent(
                ProtoMapping.bindingEvent(request, GrpcCalls.callMetadata()), options),
        ProtoMapping::bindingResponse,
        failure -> {
          log.warn(
              "binding event of '{}' failed: {}", request.getName(), Failure.of(failure).message());
          return GrpcCalls.fail(failure);
        });
  }

  /** The error daprd's {@code ErrorFromHTTPResponseCode} makes of an HTTP app's non-2xx reply. */
  static StatusRuntimeException invokeError(InvokeResponse reply, io.grpc.Metadata trailers) {
    Status.Code code = StatusCodes.codeFromHttpStatus(reply.status());
    String text = StatusCodes.statusText(reply.status());
    if (text.isEmpty()) {
      text = "status " + reply.status();
    }
    String detail = reply.data().toUtf8();
    if (detail.length() > MAX_ERROR_DETAIL) {
      int end =
          Character.isHighSurrogate(detail.charAt(MAX_ERROR_DETAIL - 1))
              ? MAX_ERROR_DETAIL - 1
              : MAX_ERROR_DETAIL;
      detail = detail.substring(0, end);
    }
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason(text)
            .setDomain("dapr.io")
            .putMetadata("http.code", Integer.toString(reply.status()))
            .putMetadata("http.error_message", detail)
            .build();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(text)
            .addDetails(Any.pack(info))
            .build();
    return StatusProto.toStatusRuntimeException(status, trailers);
  }
}
