package dev.daprcompute.benchmarks;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.http.HttpPlatformProvider;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.function.FunctionHttpServer;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the protocol costs on a call, on loopback. Baseline: a plain OkHttp POST of the same 1 KiB
 * body to a host that answers at once. Then the same call through {@code compute.http} (token,
 * header and path checks, classification) to the same host, and to a host that also verifies the
 * token with {@link FunctionRouter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InvokeOverheadBenchmark {
  private static final byte[] BODY = new byte[1024];

  private FunctionHttpServer bareHost;
  private FunctionHttpServer verifyingHost;
  private OkHttpClient client;
  private Compute toBareHost;
  private Compute toVerifyingHost;

  @Setup
  public void setUp() throws IOException {
    SigningKey key = SigningKey.generateEd25519();
    byte[] info =
        WireFormat.writeInfo(
            new InfoDocument(Protocol.VERSION, "1.0.0", "bench", List.of(), List.of()));
    bareHost =
        FunctionHttpServer.startOnLoopback(
            request ->
                request.path().equals(Protocol.INFO_PATH)
                    ? new FunctionHttpResponse(
                        200,
                        Metadata.of(
                            Protocol.MARKER_HEADER, "1", "content-type", "application/json"),
                        Payload.wrap(info))
                    : new FunctionHttpResponse(
                        200,
                        Metadata.of(
                            Protocol.MARKER_HEADER,
                            "1",
                            "content-type",
                            "application/octet-stream"),
                        Payload.wrap(BODY)));
    FunctionHandler echo =
        new FunctionHandler() {
          @Override
          public InvokeResponse onInvoke(InvokeRequest request) {
            return InvokeResponse.ok(request.data(), request.contentType());
          }
        };
    verifyingHost =
        FunctionHttpServer.startOnLoopback(
            FunctionRouter.builder(echo)
                .verifier(
                    TokenVerifier.builder()
                        .publicKeys(key.publicJwkSet())
                        .audience("bench")
                        .build())
                .build());
    client = new OkHttpClient();
    ComputeContext context = new ComputeContext(client, Clock.systemUTC(), "bench-app");
    toBareHost = open(context, bareHost, key);
    toVerifyingHost = open(context, verifyingHost, key);
  }

  private static Compute open(ComputeContext context, FunctionHttpServer host, SigningKey key) {
    Compute compute = ComputeProviders.provider(new HttpPlatformProvider()).create(context);
    compute.init(
        ComponentMetadata.builder("bench", HttpPlatformProvider.TYPE)
            .put("endpoint", host.baseUrl().toString())
            .putSecret("key", key.privateKeyPem())
            .put("audience", "bench")
            .build());
    return compute;
  }

  @TearDown
  public void tearDown() {
    toBareHost.close();
    toVerifyingHost.close();
    bareHost.close();
    verifyingHost.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** Baseline: plain HTTP. */
  @Benchmark
  public int plainOkHttp() throws IOException {
    Request request =
        new Request.Builder()
            .url(bareHost.baseUrl() + "/orders")
            .post(RequestBody.create(BODY, MediaType.get("application/octet-stream")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      return response.body().bytes().length;
    }
  }

  /** The same call through compute.http. */
  @Benchmark
  public int computeHttp() {
    return toBareHost
        .onInvoke(InvokeRequest.post("orders", Payload.wrap(BODY), "application/octet-stream"))
        .join()
        .data()
        .size();
  }

  /** Through compute.http to a function that verifies every token (the real function side). */
  @Benchmark
  public int computeHttpWithVerification() {
    return toVerifyingHost
        .onInvoke(InvokeRequest.post("orders", Payload.wrap(BODY), "application/octet-stream"))
        .join()
        .data()
        .size();
  }
}
