package dev.daprcompute.aws.lambda;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.lambda.HttpApiV2;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One SigV4 signature of an Invoke request (a 1 KiB v2.0 event) as compute.aws.lambda makes it per
 * call, with the AWS SDK's AwsV4HttpSigner (through AwsSigner). Baseline: the v2.0 event and the
 * request it goes in, the rest of what the Invoke transport does per call. In this package to reach
 * the module's package-private signer.
 *
 * <p>Until the module's own SigV4 signer was removed, this class also measured it in the same run,
 * to decide between the two (docs/benchmarks.md has the figures).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LambdaSigningBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");

  private Request request;
  private byte[] body;
  private AwsSigner awsSigner;
  private Clock clock;
  private HttpApiV2.Request invocation;

  @Setup
  public void setUp() {
    body = new byte[1024];
    java.util.Arrays.fill(body, (byte) 'x');
    HttpUrl url =
        HttpUrl.get(
            "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/orders-fn%3Aprod/invocations");
    request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    clock = Clock.systemUTC();
    awsSigner =
        new AwsSigner(
            "eu-west-1",
            AwsCredentialSource.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
            clock);
    Metadata headers =
        Metadata.builder()
            .add("content-type", "application/json")
            .add(
                "dapr-authorization",
                "Bearer eyJhbGciOiJFZERTQSJ9.eyJhdWQiOiJvcmRlcnMtZm4ifQ.c2lnbmF0dXJl")
            .add("dapr-compute-protocol", "1")
            .build();
    invocation = new HttpApiV2.Request("POST", "/orders", "", headers, Payload.wrap(body));
  }

  /**
   * Baseline: what the Invoke transport does per call besides signing, the v2.0 event and its
   * request.
   */
  @Benchmark
  public Request envelope() {
    byte[] event = HttpApiV2.writeRequest(invocation, "orders-fn", clock.instant());
    return new Request.Builder().url(request.url()).post(RequestBody.create(event, JSON)).build();
  }

  /** The AWS SDK's AwsV4HttpSigner, through AwsSigner: the OkHttp request converted both ways. */
  @Benchmark
  public Request awsV4HttpSigner() {
    return awsSigner.sign(request, body, Map.of());
  }
}
