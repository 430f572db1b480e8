package dev.daprcompute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ComputeContextTest {
  private static final int IN_FLIGHT = 64;

  /**
   * Answers once {@code IN_FLIGHT} requests of a wave have arrived, so each wave holds that many
   * connections at once.
   */
  private static final class Waves extends Dispatcher {
    final Set<Integer> connections = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch arrived = new CountDownLatch(IN_FLIGHT);

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      connections.add(request.getConnectionIndex());
      CountDownLatch wave = arrived;
      wave.countDown();
      wave.await(20, TimeUnit.SECONDS);
      return new MockResponse.Builder().body("ok").build();
    }
  }

  private static void wave(ExecutorService threads, OkHttpClient client, HttpUrl url)
      throws Exception {
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT; i++) {
      calls.add(
          threads.submit(
              () -> {
                try (Response response =
                    client.newCall(new Request.Builder().url(url).build()).execute()) {
                  response.body().string();
                  return response.code();
                }
              }));
    }
    for (Future<Integer> call : calls) {
      assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(200);
    }
  }

  @Test
  @Timeout(90)
  @DisplayName(
      "the default client keeps the connections of a component's 64 calls in flight for the calls after them")
  void defaultClientKeepsConnections() throws Exception {
    OkHttpClient client = ComputeContext.defaults().httpClient();
    Waves waves = new Waves();
    ExecutorService threads = Executors.newFixedThreadPool(IN_FLIGHT);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(waves);
      server.start();
      wave(threads, client, server.url("/"));
      waves.arrived = new CountDownLatch(IN_FLIGHT);
      wave(threads, client, server.url("/"));
      // OkHttp's default pool keeps 5 idle connections: the second wave would open 59 new ones.
      assertThat(waves.connections).hasSize(IN_FLIGHT);
    } finally {
      threads.shutdownNow();
      client.connectionPool().evictAll();
    }
  }
}
