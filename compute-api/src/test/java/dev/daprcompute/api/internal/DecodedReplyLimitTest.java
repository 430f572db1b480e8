package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An envelope may decode to more than its raw bytes: the function's answer is bounded after
 * decoding too.
 */
class DecodedReplyLimitTest {

  /** A transport whose "envelope" decodes every answer into {@code inflated} bytes. */
  private static final class InflatingTransport implements PlatformTransport {
    private final HttpUrl base;
    private final int inflated;

    InflatingTransport(HttpUrl base, int inflated) {
      this.base = base;
      this.inflated = inflated;
    }

    @Override
    public String platformName() {
      return "an inflating platform";
    }

    @Override
    public String functionName() {
      return "fn";
    }

    @Override
    public OkHttpClient httpClient() {
      return ComputeContext.defaults().httpClient();
    }

    @Override
    public Request toHttpRequest(FunctionRequest request) {
      return HttpRequests.below(base, request).build();
    }

    @Override
    public PlatformResponse fromHttpResponse(
        FunctionRequest request, int status, Metadata headers, Payload body) {
      return request.operation() == Operation.INFO
          ? PlatformResponse.of(status, headers, body)
          : PlatformResponse.of(
              200, Metadata.of(Protocol.MARKER_HEADER, "1"), Payload.wrap(new byte[inflated]));
    }
  }

  @Test
  @DisplayName(
      "an answer that decodes to more than maxBodySize is a protocol violation naming the limit")
  void decodedAnswerOverTheLimit() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader(Protocol.MARKER_HEADER, "1")
              .body(
                  new String(
                      WireFormat.writeInfo(new InfoDocument(1, "1.0.0", "", List.of(), List.of()))))
              .build());
      server.enqueue(new MockResponse.Builder().code(200).body("small").build());
      server.start(InetAddress.getLoopbackAddress(), 0);
      HttpUrl base = server.url("/");
      try (Compute compute = TestPlatform.compute(new InflatingTransport(base, 4096))) {
        compute.init(
            ComponentMetadata.builder("fn", "compute.test")
                .putSecret("key", SigningKey.generateEd25519().privateKeyPem())
                .put("audience", "fn")
                .put("maxBodySize", "1Ki")
                .build());
        Throwable e =
            catchThrowable(
                () ->
                    compute
                        .onInvoke(InvokeRequest.of("x", HttpVerb.GET))
                        .get(10, TimeUnit.SECONDS));
        assertThat(e).hasCauseInstanceOf(ProtocolViolationException.class);
        assertThat(e.getCause()).hasMessageContaining("maxBodySize (1 KiB)");
      }
    }
  }
}
