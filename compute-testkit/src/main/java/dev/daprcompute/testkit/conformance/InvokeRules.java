package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.TRACEPARENT;
import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.failureOf;
import static dev.daprcompute.testkit.conformance.Checks.present;
import static dev.daprcompute.testkit.conformance.Checks.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.testkit.conformance.Checks.InvokeReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Service invocation (protocol.md sections 1 and 5): what {@code onInvoke} delivers to the
 * function, what it refuses to send, and the function's answer handed back as it is.
 */
public interface InvokeRules extends ConformanceRules {
  /**
   * The method, verb, query string, content type and body arrive as the caller gave them. When it
   * fails: the envelope, if the platform has one, must carry all five; the query string is neither
   * dropped nor encoded again.
   */
  @Test
  @DisplayName("onInvoke delivers method, verb, query string, content type and body")
  default void required_invokeDeliversTheRequest() {
    InvokeReply reply =
        InvokeReply.of(
            await(
                compute()
                    .onInvoke(
                        new InvokeRequest(
                            "echo",
                            Payload.ofUtf8("{\"n\":1}"),
                            "application/json",
                            HttpVerb.PUT,
                            "a=1&b=two",
                            Metadata.empty()))));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.echo().get("method")).isEqualTo("echo");
    assertThat(reply.echo().get("verb")).isEqualTo("PUT");
    assertThat(reply.echo().get("query")).isEqualTo("a=1&b=two");
    assertThat(reply.echo().get("contentType")).isEqualTo("application/json");
    assertThat(reply.echo().get("body")).isEqualTo("{\"n\":1}");
  }

  /**
   * Call metadata and trace context ({@code traceparent}, {@code tracestate}, {@code baggage})
   * arrive as headers. When it fails: the transport must keep the request's headers, adding the
   * platform's own rather than replacing them, and an envelope must carry every header.
   */
  @Test
  @DisplayName(
      "onInvoke forwards call metadata and trace context (traceparent, tracestate, baggage) as headers")
  default void required_invokeForwardsMetadataAndTraceContext() {
    Metadata metadata =
        Metadata.builder()
            .add("x-tenant", "acme")
            .add("traceparent", TRACEPARENT)
            .add("tracestate", "vendor=opaque")
            .add("baggage", "user=alice")
            .build();
    InvokeReply reply =
        InvokeReply.of(
            await(
                compute().onInvoke(InvokeRequest.of("echo", HttpVerb.GET).withMetadata(metadata))));
    Map<?, ?> headers = (Map<?, ?>) present(reply.echo().get("metadata"), "the echo's metadata");
    assertThat(headers.get("x-tenant")).isEqualTo("acme");
    assertThat(headers.get("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(headers.get("tracestate")).isEqualTo("vendor=opaque");
    assertThat(headers.get("baggage")).isEqualTo("user=alice");
  }

  /**
   * daprd's {@code dapr-api-token} authenticates daprd to its app and never leaves for the
   * platform. When it fails: the transport added headers from somewhere other than the {@code
   * FunctionRequest}.
   */
  @Test
  @DisplayName("onInvoke never forwards daprd's dapr-api-token to the function")
  default void required_invokeNeverForwardsTheAppApiToken() {
    InvokeReply reply =
        InvokeReply.of(
            await(
                compute()
                    .onInvoke(
                        InvokeRequest.of("echo", HttpVerb.GET)
                            .withMetadata(Metadata.of("dapr-api-token", "app-token-secret")))));
    assertThat(
            ((Map<?, ?>) present(reply.echo().get("metadata"), "the echo's metadata"))
                .containsKey("dapr-api-token"))
        .isFalse();
    assertThat(fake().recordedCalls())
        .allSatisfy(call -> assertThat(call.headers().contains("dapr-api-token")).isFalse());
  }

  /**
   * GET, POST, PUT, PATCH, DELETE and OPTIONS all arrive as such. When it fails: the verb the
   * transport or its envelope sends.
   */
  @Test
  @DisplayName("onInvoke delivers every Dapr verb")
  default void required_invokeDeliversEveryVerb() {
    for (HttpVerb verb :
        List.of(
            HttpVerb.GET,
            HttpVerb.POST,
            HttpVerb.PUT,
            HttpVerb.PATCH,
            HttpVerb.DELETE,
            HttpVerb.OPTIONS)) {
      InvokeReply reply = InvokeReply.of(await(compute().onInvoke(InvokeRequest.of("echo", verb))));
      assertThat(reply.echo().get("verb")).as("verb %s", verb).isEqualTo(verb.name());
    }
  }

  /**
   * Binary bodies go and come back byte for byte. When it fails: an envelope base64-encodes binary
   * bodies both ways, and its text detection leaves binary content alone.
   */
  @Test
  @DisplayName("onInvoke carries binary bodies byte for byte, both ways")
  default void required_invokeCarriesBinaryBodies() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    InvokeResponse reply =
        await(
            compute()
                .onInvoke(
                    InvokeRequest.post(
                        "echo-body", Payload.of(bytes), "application/octet-stream")));
    assertThat(reply.data().toByteArray()).isEqualTo(bytes);
    assertThat(reply.contentType()).isEqualTo("application/octet-stream");
  }

  /**
   * The function's status, body and headers come back as they are (a 418 here). When it fails: the
   * reply read out of the envelope keeps the function's status and headers, and a function's
   * non-2xx answer is not taken for the platform's.
   */
  @Test
  @DisplayName("onInvoke returns the function's status, body and headers as they are")
  default void required_invokeReturnsTheFunctionsAnswer() {
    InvokeResponse reply = await(compute().onInvoke(InvokeRequest.of("status/418", HttpVerb.GET)));
    assertThat(reply.status()).isEqualTo(418);
    assertThat(reply.data().toUtf8()).isEqualTo("status 418");
    assertThat(reply.metadata().first("x-function")).contains("yes");
  }

  /**
   * The function's own 404 is a status, not an error. When it fails: a 404 with the marker is the
   * function's; the transport must not judge a status before the marker is read.
   */
  @Test
  @DisplayName("onInvoke returns the function's own 404 as a status, not as an error")
  default void required_invokeReturnsTheFunctionsOwn404() {
    assertThat(await(compute().onInvoke(InvokeRequest.of("status/404", HttpVerb.GET))).status())
        .isEqualTo(404);
  }

  /**
   * The method is normalised as Dapr does ({@code path.Clean}). When it fails: the transport must
   * send the {@code FunctionRequest}'s path as given, not rebuild it from the method.
   */
  @Test
  @DisplayName("onInvoke normalises the method like Dapr (path.Clean)")
  default void required_invokeNormalisesTheMethod() {
    InvokeReply reply =
        InvokeReply.of(
            await(compute().onInvoke(InvokeRequest.of("x/./y/../../echo", HttpVerb.GET))));
    assertThat(reply.echo().get("method")).isEqualTo("echo");
  }

  /**
   * A method that climbs above the function's base URL is refused, and nothing is sent. When it
   * fails: the transport must build its URL from the {@code FunctionRequest}'s path below its base.
   */
  @Test
  @DisplayName(
      "onInvoke refuses a method that climbs above the function's base URL, and sends nothing")
  default void required_invokeRefusesPathsAboveTheBase() {
    assertThat(failureOf(compute().onInvoke(InvokeRequest.of("../../admin", HttpVerb.GET))))
        .isInstanceOf(ComputeRequestException.class);
    assertThat(fake().recordedCalls()).isEmpty();
  }

  /**
   * Metadata with CR or LF is refused, and nothing is sent. When it fails: the transport must not
   * read headers from anywhere but the {@code FunctionRequest}.
   */
  @Test
  @DisplayName("onInvoke refuses headers with CR or LF, and sends nothing")
  default void required_invokeRefusesHeaderInjection() {
    assertThat(
            failureOf(
                compute()
                    .onInvoke(
                        InvokeRequest.of("echo", HttpVerb.GET)
                            .withMetadata(Metadata.of("x-evil", "a\r\nx-injected: 1")))))
        .isInstanceOf(ComputeRequestException.class);
    assertThat(fake().recordedCalls()).isEmpty();
  }

  /**
   * A body over {@code maxBodySize} is refused before it is sent. When it fails: the common field
   * {@code maxBodySize} is the component's; a provider does not declare or consume it.
   */
  @Test
  @DisplayName("onInvoke refuses a body over maxBodySize before sending it")
  default void required_invokeRefusesOversizedBodies() {
    Compute small = conformance().open(metadata -> metadata.put("maxBodySize", "1Ki"));
    fake().reset();
    assertThat(
            failureOf(
                small.onInvoke(
                    InvokeRequest.post(
                        "echo", Payload.wrap(new byte[4096]), "application/octet-stream"))))
        .isInstanceOf(ComputeRequestException.class);
    assertThat(fake().recordedCalls()).isEmpty();
  }

  /**
   * A call whose function does not answer within the call's deadline (300 ms here) fails with
   * {@code TIMEOUT}. When it fails: the transport's HTTP client must keep no timeout or retry of
   * its own (the suite's context hands it a careless one on purpose).
   */
  @Test
  @DisplayName(
      "onInvoke fails with TIMEOUT when the function does not answer within the call's deadline")
  default void required_invokeHonoursTheDeadline() {
    ComputeUnavailableException e =
        unavailable(
            compute()
                .onInvoke(
                    InvokeRequest.of("sleep/3000", HttpVerb.GET),
                    CallOptions.timeout(Duration.ofMillis(300))));
    assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.TIMEOUT);
  }
}
