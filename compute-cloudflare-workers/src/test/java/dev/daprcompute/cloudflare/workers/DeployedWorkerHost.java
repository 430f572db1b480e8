package dev.daprcompute.cloudflare.workers;

import dev.daprcompute.cloudflare.workers.workerd.Workerd;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import dev.daprcompute.testkit.CloudflareWorkersFake.WorkerScript;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The workers.dev host of one script of a {@link CloudflareWorkersFake}, served by real workerd:
 * each request runs what the fake holds for the script at that moment. When the fake has a new
 * upload (a new etag), the host stops workerd and starts it with the upload's modules and bindings
 * ({@link UploadedWorkers#asWorkerd}) next to the given services (the user's worker); an absent
 * script or a disabled workers.dev route is Cloudflare's 404 page. So the provider's managed mode
 * runs end to end: it uploads through the fake's API, and what it uploaded is what answers.
 *
 * <p>Thread-safe; requests are served one deployment at a time.
 */
final class DeployedWorkerHost implements AutoCloseable {
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "transfer-encoding");

  private final CloudflareWorkersFake fake;
  private final String script;
  private final Map<String, WorkerdConfig.Worker> services;
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .followRedirects(false)
          .retryOnConnectionFailure(false)
          .callTimeout(Duration.ofSeconds(20))
          .build();
  private @Nullable Workerd workerd;
  private @Nullable String runningEtag;
  private int deployments;

  private DeployedWorkerHost(
      CloudflareWorkersFake fake, String script, Map<String, WorkerdConfig.Worker> services) {
    this.fake = fake;
    this.script = script;
    this.services = Map.copyOf(services);
  }

  /**
   * Serves {@code script} of {@code fake}, with {@code services} (by name) for its service
   * bindings.
   */
  static DeployedWorkerHost start(
      CloudflareWorkersFake fake, String script, Map<String, WorkerdConfig.Worker> services)
      throws IOException {
    DeployedWorkerHost host = new DeployedWorkerHost(fake, script, services);
    host.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return host.serve(request);
          }
        });
    host.server.start(InetAddress.getLoopbackAddress(), 0);
    return host;
  }

  /** The host's URL, what {@code https://<script>.<subdomain>.workers.dev} stands for. */
  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** How many uploads the host has run in workerd so far. */
  synchronized int deployments() {
    return deployments;
  }

  private synchronized MockResponse serve(RecordedRequest request) {
    WorkerScript deployed = fake.uploadedScript(script).orElse(null);
    if (deployed == null || !fake.workersDevEnabled(script)) {
      return new MockResponse.Builder()
          .code(404)
          .addHeader("Content-Type", "text/html")
          .body("<html><head><title>There is nothing here yet</title></head></html>")
          .build();
    }
    try {
      if (!deployed.etag().equals(runningEtag)) {
        deploy(deployed);
      }
      return forward(request);
    } catch (IOException | RuntimeException e) {
      return new MockResponse.Builder()
          .code(500)
          .addHeader("Content-Type", "text/plain")
          .body("the test's worker host failed: " + e)
          .build();
    }
  }

  private void deploy(WorkerScript deployed) throws IOException {
    stopWorkerd();
    WorkerdConfig.Builder config = WorkerdConfig.builder();
    services.forEach(config::worker);
    config.worker(script, UploadedWorkers.asWorkerd(deployed)).expose(script);
    workerd = Workerd.start(config.build());
    runningEtag = deployed.etag();
    deployments++;
  }

  private MockResponse forward(RecordedRequest request) throws IOException {
    Workerd running = workerd;
    Headers.Builder headers = new Headers.Builder();
    request
        .getHeaders()
        .forEach(
            header -> {
              if (!NOT_FORWARDED.contains(header.getFirst().toLowerCase(java.util.Locale.ROOT))) {
                headers.addUnsafeNonAscii(header.getFirst(), header.getSecond());
              }
            });
    String method = request.getMethod();
    RequestBody body = null;
    if (!method.equals("GET") && !method.equals("HEAD")) {
      String type = request.getHeaders().get("Content-Type");
      body =
          RequestBody.create(
              request.getBody() == null ? new byte[0] : request.getBody().toByteArray(),
              type == null ? null : MediaType.parse(type));
    }
    Request forwarded =
        new Request.Builder()
            .url(running.url(script) + request.getTarget())
            .headers(headers.build())
            .method(method, body)
            .build();
    try (Response response = http.newCall(forwarded).execute()) {
      MockResponse.Builder answer = new MockResponse.Builder().code(response.code());
      response
          .headers()
          .forEach(
              header -> {
                if (!NOT_FORWARDED.contains(header.getFirst().toLowerCase(java.util.Locale.ROOT))) {
                  answer.addHeaderLenient(header.getFirst(), header.getSecond());
                }
              });
      return answer.body(new Buffer().write(response.body().bytes())).build();
    }
  }

  private void stopWorkerd() {
    if (workerd != null) {
      workerd.close();
      workerd = null;
      runningEtag = null;
    }
  }

  /** What workerd wrote to stderr, for failure messages. */
  synchronized String stderr() {
    return workerd == null ? "(workerd not running)" : workerd.stderr();
  }

  @Override
  public synchronized void close() throws IOException {
    stopWorkerd();
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
