package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Exchange's bookkeeping: calls kept in order of their deadlines (whatever order they were
 * asked for in), slots handed on without recursion, and nothing kept once a call is done.
 */
@Timeout(60)
class ExchangeBookkeepingTest {
  private final MockWebServer server = new MockWebServer();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  /** Opened by a test: the server answers {@code /gate} then. */
  private final CountDownLatch gate = new CountDownLatch(1);

  /** Released at the end: the server holds other calls until then. */
  private final CountDownLatch end = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String path = request.getUrl().encodedPath();
            if (path.equals("/gate")) {
              gate.await(30, TimeUnit.SECONDS);
            } else if (!path.equals("/now")) {
              end.await(30, TimeUnit.SECONDS); // never answers while the test runs
            }
            return new MockResponse.Builder()
                .code(200)
                .addHeader(Protocol.MARKER_HEADER, "1")
                .body("answer")
                .build();
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    gate.countDown();
    end.countDown();
    server.close();
    executor.shutdownNow();
  }

  private Exchange exchange(int maxConcurrency) {
    OkHttpClient client = HttpClients.harden(ComputeContext.defaults().httpClient());
    PlatformTransport transport = new RefusingRefused(server.url("/"), client);
    return new Exchange(transport, client, executor, 1 << 20, maxConcurrency, call -> call);
  }

  private static FunctionRequest get(String path) {
    return new FunctionRequest(
        Operation.INVOKE, "GET", path, "", Metadata.empty(), Payload.empty());
  }

  @Test
  @DisplayName(
      "a call with a shorter timeout, asked for after one with a longer timeout, expires at its own deadline")
  void shorterTimeoutAfterLongerExpiresOnTime() {
    Exchange exchange = exchange(64);
    CompletableFuture<PlatformResponse> longer =
        exchange.send(get("/held-long"), Duration.ofSeconds(30));
    CompletableFuture<PlatformResponse> shorter =
        exchange.send(get("/held-short"), Duration.ofMillis(200));
    CompletableFuture<PlatformResponse> later =
        exchange.send(get("/held-later"), Duration.ofSeconds(20));

    Throwable failure = catchThrowable(() -> shorter.get(10, TimeUnit.SECONDS));

    assertThat(failure)
        .as("the 200 ms call ended with its own deadline, long before the 30 s one's")
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ComputeUnavailableException.class);
    assertThat(((ComputeUnavailableException) failure.getCause()).reason())
        .isEqualTo(Reason.TIMEOUT);
    assertThat(longer).as("the 30 s call is still waiting for its answer").isNotDone();
    assertThat(later).as("the 20 s call too").isNotDone();
    assertThat(exchange.tracked()).as("the two unfinished calls are still tracked").isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a deadline timer that refuses work (shut down) still ends a call at its deadline, and keeps nothing")
  void refusingTimerStillEndsCalls() {
    ScheduledExecutorService refusing = Executors.newSingleThreadScheduledExecutor();
    refusing.shutdown();
    OkHttpClient client = HttpClients.harden(ComputeContext.defaults().httpClient());
    Exchange exchange =
        new Exchange(
            new RefusingRefused(server.url("/"), client),
            client,
            executor,
            refusing,
            1 << 20,
            64,
            call -> call);

    CompletableFuture<PlatformResponse> held = exchange.send(get("/held"), Duration.ofMillis(200));
    Throwable failure = catchThrowable(() -> held.get(10, TimeUnit.SECONDS));

    assertThat(failure)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ComputeUnavailableException.class);
    assertThat(((ComputeUnavailableException) failure.getCause()).reason())
        .isEqualTo(Reason.TIMEOUT);
    assertThat(exchange.tracked()).as("the expired call left the deadline list").isZero();
    assertThat(exchange.inFlight()).as("and its slot").isZero();
  }

  @Test
  @DisplayName(
      "a long queue of calls that fail before they are sent passes the slot on in a loop, not by recursion")
  void longQueueOfRefusedCallsDoesNotRecurse() throws Exception {
    Exchange exchange = exchange(1);
    CompletableFuture<PlatformResponse> first = exchange.send(get("/gate"), Duration.ofSeconds(50));
    int queued = 50_000; // far deeper than any thread's stack allows a recursion to go
    List<CompletableFuture<PlatformResponse>> refused = new ArrayList<>(queued);
    for (int i = 0; i < queued; i++) {
      refused.add(exchange.send(get("/refused"), Duration.ofSeconds(50)));
    }
    assertThat(refused.get(0)).as("the refused calls wait for the one slot").isNotDone();

    gate.countDown(); // the first call is answered, and its slot goes down the queue

    assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    CompletableFuture.allOf(refused.toArray(CompletableFuture[]::new))
        .handle((done, failure) -> null)
        .get(30, TimeUnit.SECONDS);
    for (CompletableFuture<PlatformResponse> call : refused) {
      Throwable failure = catchThrowable(call::join);
      assertThat(failure).hasCauseInstanceOf(ComputeRequestException.class);
    }
    awaitSettled(exchange);
    assertThat(exchange.tracked()).as("no call is tracked once all are done").isZero();
    assertThat(exchange.inFlight()).as("the slot was given back").isZero();
    assertThat(exchange.send(get("/now"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS))
        .as("and the next call gets it")
        .extracting(PlatformResponse::status)
        .isEqualTo(200);
  }

  @Test
  @DisplayName("answered, failed, expired and cancelled calls all leave the deadline list")
  void doneCallsAreNotTracked() throws Exception {
    Exchange exchange = exchange(2);
    CompletableFuture<PlatformResponse> answered =
        exchange.send(get("/now"), Duration.ofSeconds(10));
    CompletableFuture<PlatformResponse> refused =
        exchange.send(get("/refused"), Duration.ofSeconds(10));
    CompletableFuture<PlatformResponse> expired =
        exchange.send(get("/held-expires"), Duration.ofMillis(100));
    CompletableFuture<PlatformResponse> cancelled =
        exchange.send(get("/held-cancelled"), Duration.ofSeconds(10));
    CompletableFuture<PlatformResponse> queuedThenCancelled =
        exchange.send(get("/held-queued"), Duration.ofSeconds(10));

    assertThat(answered.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(catchThrowable(() -> refused.get(10, TimeUnit.SECONDS)))
        .hasCauseInstanceOf(ComputeRequestException.class);
    assertThat(catchThrowable(() -> expired.get(10, TimeUnit.SECONDS)))
        .hasCauseInstanceOf(ComputeUnavailableException.class);
    cancelled.cancel(true);
    queuedThenCancelled.cancel(true);

    awaitSettled(exchange);
    assertThat(exchange.tracked()).isZero();
    assertThat(exchange.inFlight()).isZero();
  }

  /**
   * Waits (at most 10 s) until no call is tracked or in flight: a call's future completes just
   * before its bookkeeping ends, on whichever thread completed it.
   */
  private static void awaitSettled(Exchange exchange) {
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((exchange.tracked() > 0 || exchange.inFlight() > 0) && System.nanoTime() < giveUpAt) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** A plain transport that cannot carry a request for {@code /refused}. */
  private record RefusingRefused(HttpUrl base, OkHttpClient httpClient)
      implements PlatformTransport {
    @Override
    public String platformName() {
      return "the test platform";
    }

    @Override
    public String functionName() {
      return "fn";
    }

    @Override
    public Request toHttpRequest(FunctionRequest request) {
      if (request.path().equals("/refused")) {
        throw new ComputeRequestException("the test platform cannot carry /refused");
      }
      return HttpRequests.below(base, request).build();
    }
  }
}
