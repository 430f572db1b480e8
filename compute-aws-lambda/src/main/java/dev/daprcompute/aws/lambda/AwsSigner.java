package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComputeUnavailableException;
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

/**
 * Signs requests with AWS Signature Version 4 by the AWS SDK's own signer ({@link
 * AwsV4HttpSigner}), as every service but S3 checks it: the path double-encoded and normalised for
 * the canonical request, and the body's SHA-256 signed and sent in {@code x-amz-content-sha256}. It
 * signs {@code host}, the {@code x-amz-*} headers it adds and those given, never a caller's
 * metadata (whose non-ASCII values a server may read otherwise than we wrote them). Thread-safe.
 */
final class AwsSigner implements RequestDecorator {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  /**
   * What the signer adds to a request, copied onto the request that is sent: the {@code Host} it
   * signed too, so that what is sent is what was signed.
   */
  private static final List<String> SIGNATURE_HEADERS =
      List.of(
          "Host", "Authorization", "X-Amz-Date", "x-amz-content-sha256", "X-Amz-Security-Token");

  private final String region;
  private final String service;
  private final AwsCredentialSource credentials;
  private final Clock clock;

  /** A signer for Lambda ({@code lambda}) in {@code region}. */
  AwsSigner(String region, AwsCredentialSource credentials, Clock clock) {
    this(region, "lambda", credentials, clock);
  }

  AwsSigner(String region, String service, AwsCredentialSource credentials, Clock clock) {
    this.region = region;
    this.service = service;
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
   * {@code request} signed now, with {@code body} (exactly the bytes it sends) and {@code
   * signedHeaders} (set and signed, such as {@code x-amz-invocation-type}).
   *
   * @throws ComputeUnavailableException when no credentials can be had
   */
  Request sign(Request request, byte[] body, Map<String, String> signedHeaders) {
    HttpUrl url = request.url();
    SdkHttpRequest.Builder unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(request.method()))
            .protocol(url.scheme())
            .host(url.host())
            .port(url.port())
            .encodedPath(url.encodedPath())
            .putHeader(
                "Host",
                hostHeader(
                    url)); // as OkHttp writes it: the SDK's own brackets an IPv6 host with its port
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      unsigned.appendRawQueryParameter(url.queryParameterName(i), value == null ? "" : value);
    }
    signedHeaders.forEach(unsigned::putHeader);
    SdkHttpRequest signed = sign(unsigned.build(), body);
    Request.Builder out =
        request.newBuilder().removeHeader("X-Amz-Security-Token"); // never a caller's
    signedHeaders.forEach(out::header);
    for (String name : SIGNATURE_HEADERS) {
      signed.firstMatchingHeader(name).ifPresent(value -> out.header(name, value));
    }
    return out.build();
  }

  /**
   * The Host header as OkHttp writes it: an IPv6 host in brackets, the port unless it is the
   * scheme's.
   */
  private static String hostHeader(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  /** {@code unsigned} with its signature headers, for its {@code body}, signed now. */
  SdkHttpRequest sign(SdkHttpRequest unsigned, byte[] body) {
    return SIGNER
        .sign(
            sign ->
                sign.request(unsigned)
                    .payload(() -> new ByteArrayInputStream(body))
                    .identity(credentials.resolve())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock))
        .request();
  }
}
