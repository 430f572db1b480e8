package dev.daprcompute.bridge.internal;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.protocol.Metadata;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every gRPC call of the bridge shares: the app-token check, the call's metadata, headers for
 * the reply, its deadline as {@link CallOptions}, and cancellation passed on to the Compute.
 */
public final class GrpcCalls {
  private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

  private static final io.grpc.Metadata.Key<String> API_TOKEN =
      io.grpc.Metadata.Key.of(AppApiToken.HEADER, io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<io.grpc.Metadata> HEADERS = Context.key("dapr-compute-headers");
  private static final Context.Key<ReplyHeaders> REPLY_HEADERS =
      Context.key("dapr-compute-reply-headers");

  private GrpcCalls() {}

  /**
   * The interceptor every service of the bridge runs behind: refuses calls without the app token
   * (when one is set) with UNAUTHENTICATED, and makes the call's headers and a place for reply
   * headers available to the handler.
   */
  public static ServerInterceptor interceptor(@Nullable AppApiToken token) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call,
          io.grpc.Metadata headers,
          ServerCallHandler<ReqT, RespT> next) {
        if (token != null && !token.matches(headers.get(API_TOKEN))) {
          String method = call.getMethodDescriptor().getFullMethodName();
          log.warn(
              "refused gRPC call {}: its '{}' metadata is missing or not the app API token",
              method,
              AppApiToken.HEADER);
          call.close(
              Status.UNAUTHENTICATED.withDescription(
                  "the call has no valid '"
                      + AppApiToken.HEADER
                      + "' metadata: daprd sends it when APP_API_TOKEN is set, and it must equal the bridge's app API token"),
              new io.grpc.Metadata());
          return new ServerCall.Listener<>() {};
        }
        ReplyHeaders reply = new ReplyHeaders();
        ServerCall<ReqT, RespT> withReplyHeaders =
            new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
              @Override
              public void sendHeaders(io.grpc.Metadata replyHeaders) {
                io.grpc.Metadata extra = reply.headers;
                if (extra != null) {
                  replyHeaders.merge(extra);
                }
                super.sendHeaders(replyHeaders);
              }
            };
        Context context = Context.current().withValues(HEADERS, headers, REPLY_HEADERS, reply);
        return Contexts.interceptCall(context, withReplyHeaders, headers, next);
      }
    };
  }

  /** The current call's metadata for the Compute (see {@link GrpcMetadata#fromGrpc}). */
  public static Metadata callMetadata() {
    io.grpc.Metadata headers = HEADERS.get();
    return headers == null ? Metadata.empty() : GrpcMetadata.fromGrpc(headers);
  }

  /** Headers to send with the current call's reply; call before the reply is sent. */
  public static void setReplyHeaders(io.grpc.Metadata headers) {
    ReplyHeaders reply = REPLY_HEADERS.get();
    if (reply != null) {
      reply.headers = headers;
    }
  }

  /**
   * The current call's options: its gRPC deadline, or {@code defaultTimeout} when that is sooner or
   * the call has none.
   *
   * @throws StatusRuntimeException DEADLINE_EXCEEDED when the deadline has already passed
   */
  public static CallOptions callOptions(@Nullable Duration defaultTimeout) {
    Duration timeout = defaultTimeout;
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      if (nanos <= 0) {
        throw Status.DEADLINE_EXCEEDED
            .withDescription("the call's deadline passed before it reached the function")
            .asRuntimeException();
      }
      Duration remaining = Duration.ofNanos(nanos);
      if (timeout == null || remaining.compareTo(timeout) < 0) {
        timeout = remaining;
      }
    }
    return timeout == null ? CallOptions.defaults() : CallOptions.timeout(timeout);
  }

  /**
   * Runs one unary call against the Compute: starts {@code call} with the call's options, cancels
   * its future when the gRPC call is cancelled (or its deadline passes), and answers with {@code
   * onReply} of the result, or {@code onFailure} of the failure. Either may throw a {@link
   * StatusRuntimeException} to answer with that status; anything else they throw is mapped by
   * {@link Failure}.
   */
  public static <T, R> void serve(
      StreamObserver<R> observer,
      @Nullable Duration defaultTimeout,
      Function<CallOptions, CompletableFuture<T>> call,
      Function<T, R> onReply,
      Function<Throwable, R> onFailure) {
    ServerCallStreamObserver<R> server = (ServerCallStreamObserver<R>) observer;
    CompletableFuture<T> future;
    try {
      future = call.apply(callOptions(defaultTimeout));
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> started = future;
    server.setOnCancelHandler(() -> started.cancel(true));
    // The reply is built on the Compute's thread, in the call's context (its reply headers).
    Context context = Context.current();
    // The callback answers the call itself (and reports its own failures there); the stage it
    // returns mirrors started, whose outcome the callback has.
    CompletableFuture<?> unused =
        started.whenComplete(
            (value, failure) ->
                context.run(
                    () -> {
                      if (server.isCancelled()) {
                        return; // nobody is waiting; cancelling the future already stopped the
                        // Compute's call
                      }
                      R reply;
                      try {
                        reply =
                            failure == null
                                ? onReply.apply(value)
                                : onFailure.apply(Failure.unwrap(failure));
                      } catch (StatusRuntimeException e) {
                        server.onError(e);
                        return;
                      } catch (RuntimeException e) {
                        log.error("a gRPC call failed in the bridge", e);
                        server.onError(Failure.of(e).grpcStatus().asRuntimeException());
                        return;
                      }
                      server.onNext(reply);
                      server.onCompleted();
                    }));
  }

  /** The default {@code onFailure}: answers with the failure's gRPC status. */
  @SuppressWarnings(
      "TypeParameterUnusedInFormals") // never returns: R lets it stand for any reply type
  public static <R> R fail(Throwable cause) {
    Failure failure = Failure.of(cause);
    io.grpc.Metadata trailers = new io.grpc.Metadata();
    failure
        .retryAfterSeconds()
        .ifPresent(
            seconds ->
                trailers.put(
                    io.grpc.Metadata.Key.of(
                        "retry-after", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                    seconds));
    throw failure.grpcStatus().asRuntimeException(trailers);
  }

  /** Reply headers set by a handler, merged into the reply's headers when they are sent. */
  private static final class ReplyHeaders {
    volatile io.grpc.@Nullable Metadata headers;
  }
}
