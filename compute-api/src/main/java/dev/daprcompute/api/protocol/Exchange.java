package dev.daprcompute.api.protocol;

import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.internal.ByteSize;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends one request through a transport and reads the reply: the deadline, cancellation, and the
 * bounded read. Failures of the network become {@link ComputeUnavailableException}s; a reply over
 * the limit becomes a {@link ProtocolViolationException}.
 */
final class Exchange {
  private final PlatformTransport transport;
  private final OkHttpClient idempotent;
  private final OkHttpClient once;
  private final long maxBodySize;

  Exchange(PlatformTransport transport, OkHttpClient client, long maxBodySize) {
    this.transport = transport;
    // As Go's net/http (and so daprd) does: the HTTP client may retry an idempotent request on a
    // broken connection (a stale pooled one, say), never a POST or PATCH, which could then run
    // twice. Everything else is reported, and the caller's policy decides. Both share one pool.
    this.idempotent = client.newBuilder().retryOnConnectionFailure(true).build();
    this.once = client.newBuilder().retryOnConnectionFailure(false).build();
    this.maxBodySize = maxBodySize;
  }

  /** Sends {@code request}; the future fails only with a {@link ComputeException}. */
  CompletableFuture<PlatformResponse> send(FunctionRequest request, Duration timeout) {
    CompletableFuture<PlatformResponse> future = new CompletableFuture<>();
    Request httpRequest;
    try {
      httpRequest = transport.toHttpRequest(request);
    } catch (ComputeException e) {
      future.completeExceptionally(e);
      return future;
    }
    String method = httpRequest.method();
    boolean retryable = !(method.equals("POST") || method.equals("PATCH"));
    Call call = (retryable ? idempotent : once).newCall(httpRequest);
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    future.whenComplete((response, failure) -> {
      if (future.isCancelled()) {
        call.cancel();
      }
    });
    long rawLimit = transport.rawResponseLimit(maxBodySize);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        future.completeExceptionally(networkFailure(request, e, timeout));
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          byte[] body = PlatformCalls.readAtMost(response.body(), rawLimit);
          Metadata headers = PlatformCalls.headers(response);
          PlatformResponse reply = transport.fromHttpResponse(request, response.code(), headers, Payload.wrap(body));
          if (reply.answeredByFunction() && reply.body().size() > maxBodySize) {
            // An envelope (Lambda's) may carry more than its raw bytes suggest once decoded.
            throw new PlatformCalls.TooLarge();
          }
          future.complete(reply);
        } catch (PlatformCalls.TooLarge e) {
          future.completeExceptionally(new ProtocolViolationException("the reply to " + describe(request)
              + " is larger than maxBodySize (" + ByteSize.format(maxBodySize) + "): raise maxBodySize or send less"));
        } catch (IOException e) {
          future.completeExceptionally(networkFailure(request, e, timeout));
        } catch (ComputeException e) {
          future.completeExceptionally(e);
        } catch (RuntimeException e) {
          future.completeExceptionally(new ProtocolViolationException(
              transport.platformName() + " reply to " + describe(request) + " could not be read: " + e.getMessage(), e));
        }
      }
    });
    return future;
  }

  private ComputeUnavailableException networkFailure(FunctionRequest request, IOException e, Duration timeout) {
    return PlatformCalls.networkFailure(describe(request) + " via " + transport.platformName(), e, timeout);
  }

  static String describe(FunctionRequest request) {
    return request.verb() + " " + request.path();
  }
}
