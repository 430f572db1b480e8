package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.RequestDecorator;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests to Lambda with AWS Signature Version 4, by the AWS SDK's own signer
 * ({@link AwsV4HttpSigner}): the path double-encoded and normalised for the canonical request, as
 * every service but S3 checks it, and the body's SHA-256 signed and sent in
 * {@code x-amz-content-sha256}. Signs only {@code host}, the {@code x-amz-*} headers it adds and
 * those given, never a caller's metadata, whose non-ASCII values a server may read differently.
 * Thread-safe.
 */
final class AwsSigner implements RequestDecorator {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  /** What the signer adds to a request; copied onto the request that is sent. */
  private static final List<String> SIGNATURE_HEADERS =
      List.of("Authorization", "X-Amz-Date", "x-amz-content-sha256", "X-Amz-Security-Token");

  private final String region;
  private final AwsCredentialSource credentials;
  private final Clock clock;

  AwsSigner(String region, AwsCredentialSource credentials, Clock clock) {
    this.region = region;
    this.credentials = credentials;
    this.clock = clock;
  }

  /** Signs a Function URL request; {@code Authorization} then holds the signature. */
  @Override
  public Request decorate(Request request, FunctionRequest call) {
    return sign(request, call.body().unsafeArray(), Map.of());
  }

  @Override
  public boolean occupiesAuthorizationHeader() {
    return true;
  }

  /**
   * {@code request} signed now, with {@code body} (exactly the bytes it sends) and
   * {@code signedHeaders} (sent and signed, such as {@code x-amz-invocation-type}).
   *
   * @throws dev.daprcompute.api.ComputeUnavailableException when no credentials can be had
   */
  Request sign(Request request, byte[] body, Map<String, String> signedHeaders) {
    AwsCredentialsIdentity identity = credentials.identity();
    HttpUrl url = request.url();
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(request.method()))
        .protocol(url.scheme())
        .host(url.host())
        .port(url.port())
        .encodedPath(url.encodedPath());
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      unsigned.appendRawQueryParameter(url.queryParameterName(i), value == null ? "" : value);
    }
    signedHeaders.forEach(unsigned::putHeader);
    SdkHttpRequest signed = SIGNER.sign(sign -> sign
        .request(unsigned.build())
        .payload(() -> new ByteArrayInputStream(body))
        .identity(identity)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    Request.Builder out = request.newBuilder();
    out.removeHeader("X-Amz-Security-Token"); // never a caller's
    signedHeaders.forEach(out::header);
    for (String name : SIGNATURE_HEADERS) {
      signed.firstMatchingHeader(name).ifPresent(value -> out.header(name, value));
    }
    return out.build();
  }
}
