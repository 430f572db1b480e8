package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComputeContext;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * The Exchange's deadlines on a loaded machine: an expired call completes on the component's
 * threads, not the one timer thread every component shares, and a reply that comes after its
 * deadline is a timeout even when the timer runs late.
 */
@Timeout(30)
class ExchangeDeadlinesTest {
  private final MockWebServer server = new MockWebServer();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  /** Released at the end: the server holds what it was told to hold until then. */
  private final CountDownLatch end = new CountDownLatch(1);

  /** When the server answers a request for {@code /late}: not before this System.nanoTime(). */
  private volatile long lateAnswerAt;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String path = request.getUrl().encodedPath();
            if (path.equals("/late")) {
              for (long left; (left = lateAnswerAt - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
              }
            } else {
              end.await(20, TimeUnit.SECONDS); // never answers while the test runs
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
    end.countDown();
    server.close();
    executor.shutdownNow();
  }

  private Exchange exchange(ScheduledExecutorService timer) {
    OkHttpClient client = HttpClients.harden(ComputeContext.defaults().httpClient());
    PlatformTransport transport = new Plain(server.url("/"), client);
    return timer == null
        ? new Exchange(transport, client, executor, 1 << 20, 64, call -> call)
        : new Exchange(transport, client, executor, timer, 1 << 20, 64, call -> call);
  }

  private static FunctionRequest get(String path) {
    return new FunctionRequest(
        Operation.INVOKE, "GET", path, "", Metadata.empty(), Payload.empty());
  }

  private static ComputeUnavailableException.Reason timeoutReason(Throwable thrown) {
    assertThat(thrown)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ComputeUnavailableException.class);
    return ((ComputeUnavailableException) thrown.getCause()).reason();
  }

  @Test
  @DisplayName(
      "a dependent that blocks where one call expired delays no other call's deadline, and never holds the timer")
  void slowDependentDelaysNoOtherDeadline() {
    Exchange exchange = exchange(null);
    CountDownLatch blocking = new CountDownLatch(1);
    AtomicReference<String> blockedOn = new AtomicReference<>();
    CompletableFuture<PlatformResponse> first =
        exchange.send(get("/held-1"), Duration.ofMillis(100));
    first.whenComplete(
        (reply, failure) -> {
          blockedOn.set(Thread.currentThread().getName());
          blocking.countDown();
          try {
            end.await(20, TimeUnit.SECONDS); // a slow dependent: blocks until the test ends
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    CompletableFuture<PlatformResponse> second =
        exchange.send(get("/held-2"), Duration.ofMillis(400));

    Throwable secondFailure = catchThrowable(() -> second.get(10, TimeUnit.SECONDS));

    assertThat(timeoutReason(secondFailure))
        .as("the second call expired while the first's dependent blocked")
        .isEqualTo(Reason.TIMEOUT);
    assertThat(first).isCompletedExceptionally();
    assertThat(blocking.getCount()).isZero();
    assertThat(blockedOn.get()).isNotEqualTo("dapr-compute-deadlines");
  }

  @Test
  @DisplayName(
      "a reply that arrives after the deadline is a timeout, never an answer, even when the timer fires late")
  void lateReplyIsATimeout() throws Exception {
    ScheduledExecutorService lateTimer = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch timerFree = new CountDownLatch(1);
    lateTimer.execute(
        () -> {
          try {
            timerFree.await(
                20, TimeUnit.SECONDS); // a starved timer thread: every deadline fires late
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      Exchange exchange = exchange(lateTimer);
      Duration timeout = Duration.ofMillis(200);
      lateAnswerAt = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
      CompletableFuture<PlatformResponse> call = exchange.send(get("/late"), timeout);

      Throwable thrown = catchThrowable(() -> call.get(10, TimeUnit.SECONDS));

      assertThat(timeoutReason(thrown)).isEqualTo(Reason.TIMEOUT);
      assertThat(thrown.getCause())
          .hasMessageContaining("did not finish within its timeout of 200 ms");
      assertThat(timerFree.getCount()).as("the timer had not fired").isEqualTo(1);
    } finally {
      timerFree.countDown();
      lateTimer.shutdownNow();
    }
  }

  @Test
  @DisplayName("a reply within the deadline is the answer, whatever the timer does")
  void timelyReplyIsTheAnswer() throws Exception {
    Exchange exchange = exchange(null);
    lateAnswerAt = System.nanoTime();
    PlatformResponse reply =
        exchange.send(get("/late"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toUtf8()).isEqualTo("answer");
  }

  /** The plain transport to the mock server. */
  private record Plain(HttpUrl base, OkHttpClient httpClient) implements PlatformTransport {
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
      return HttpRequests.below(base, request).build();
    }
  }
}
