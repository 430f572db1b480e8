package dev.daprcompute.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.RequestDecorator;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The plain HTTP transport, and the hooks a platform reached at a URL adds to it. */
class HttpTransportTest {
  private static final HttpUrl BASE = HttpUrl.get("https://fn.example.com/api/");
  private static final FunctionRequest INVOKE =
      new FunctionRequest(
          Operation.INVOKE,
          "POST",
          "/orders",
          "id=1",
          Metadata.of("authorization", "Bearer token", "content-type", "text/plain"),
          Payload.ofUtf8("x"));

  @Test
  @DisplayName(
      "alone, it sends the request as it is below the base URL and takes the reply as it is")
  void plain() {
    HttpTransport transport = HttpTransport.builder(BASE, new OkHttpClient()).build();
    Request request = transport.toHttpRequest(INVOKE);
    assertThat(request.url().toString()).isEqualTo("https://fn.example.com/api/orders?id=1");
    assertThat(request.header("Authorization")).isEqualTo("Bearer token");
    assertThat(transport.occupiesAuthorizationHeader()).isFalse();
    assertThat(transport.functionName()).isEqualTo("https://fn.example.com/api");
    assertThat(transport.platformName()).isEqualTo("the HTTP endpoint");
    assertThat(
            transport
                .fromHttpResponse(INVOKE, 502, Metadata.empty(), Payload.empty())
                .platformError())
        .isNull();
  }

  @Test
  @DisplayName("a platform adds its credentials, its errors, its advice and what to release")
  void platform() {
    AtomicBoolean released = new AtomicBoolean();
    RequestDecorator signer =
        new RequestDecorator() {
          @Override
          public Request decorate(Request request, FunctionRequest call) {
            return request
                .newBuilder()
                .header("Authorization", "Signature over " + call.body().size() + " bytes")
                .build();
          }

          @Override
          public boolean occupiesAuthorizationHeader() {
            return true;
          }
        };
    HttpTransport transport =
        HttpTransport.builder(BASE, new OkHttpClient())
            .platformName("the test platform")
            .functionName("orders-fn")
            .decorator(signer)
            .platformErrors(
                (status, headers, body) ->
                    status == 502
                        ? new PlatformError(Reason.FUNCTION_CRASHED, "Crash", "it crashed")
                        : null)
            .advice(Reason.NOT_DEPLOYED, "deploy orders-fn")
            .closing(() -> released.set(true))
            .build();

    assertThat(transport.toHttpRequest(INVOKE).header("Authorization"))
        .isEqualTo("Signature over 1 bytes");
    assertThat(transport.occupiesAuthorizationHeader()).isTrue();
    assertThat(transport.functionName()).isEqualTo("orders-fn");
    PlatformResponse crash =
        transport.fromHttpResponse(INVOKE, 502, Metadata.empty(), Payload.empty());
    assertThat(crash.platformError().reason()).isEqualTo(Reason.FUNCTION_CRASHED);
    PlatformResponse functions =
        transport.fromHttpResponse(
            INVOKE, 502, Metadata.of(Protocol.MARKER_HEADER, "1"), Payload.empty());
    assertThat(functions.answeredByFunction())
        .as("the function's own 502 is never read as the platform's")
        .isTrue();
    assertThat(transport.advice(Reason.NOT_DEPLOYED)).isEqualTo("deploy orders-fn");
    assertThat(transport.advice(Reason.PLATFORM_CREDENTIALS)).isEmpty();
    transport.close();
    assertThat(released).isTrue();
  }

  @Test
  @DisplayName(
      "a platform's request limit refuses one byte more than it, before anything is sent, naming it")
  void requestLimit() {
    HttpTransport transport =
        HttpTransport.builder(BASE, new OkHttpClient())
            .platformName("the test platform")
            .requestLimit(4, "the test platform's limit of 4 B", "send less")
            .build();
    FunctionRequest four =
        new FunctionRequest(
            Operation.INVOKE, "POST", "/orders", "", Metadata.empty(), Payload.ofUtf8("four"));
    assertThat(transport.toHttpRequest(four).url().encodedPath()).isEqualTo("/api/orders");
    Throwable refused =
        catchThrowable(
            () ->
                transport.toHttpRequest(
                    new FunctionRequest(
                        Operation.BINDING_EVENT,
                        "POST",
                        "/queue",
                        "",
                        Metadata.empty(),
                        Payload.ofUtf8("five!"))));
    assertThat(refused)
        .isInstanceOf(ComputeRequestException.class)
        .hasMessage(
            "the binding event request POST /queue"
                + " carries 5 bytes, over the test platform's limit of 4 B (4 bytes) for a request body: send less");
  }

  @Test
  @DisplayName("a platform's init checks run with the transport and the attempt")
  void checks() {
    AtomicReference<PlatformTransport> seen = new AtomicReference<>();
    HttpTransport transport =
        HttpTransport.builder(BASE, new OkHttpClient())
            .checks(
                (self, attempt) -> {
                  seen.set(self);
                  return List.of(
                      InitCheck.passed(
                          "admin", "left " + attempt.deadline().remaining().toSeconds() + " s"));
                })
            .build();
    InitAttempt attempt =
        new InitAttempt() {
          @Override
          public Deadline deadline() {
            return Deadline.after(Duration.ofMinutes(1));
          }

          @Override
          public SigningKey signingKey() {
            throw new UnsupportedOperationException();
          }

          @Override
          public String audience() {
            return "fn";
          }

          @Override
          public void deploymentInProgress(String sdk, String version) {
            throw new UnsupportedOperationException();
          }
        };
    assertThat(transport.checkPlatform(attempt))
        .extracting(InitCheck::detail)
        .containsExactly("left 59 s");
    assertThat(seen.get()).isSameAs(transport);
    assertThat(HttpTransport.builder(BASE, new OkHttpClient()).build().checkPlatform(attempt))
        .isEmpty();
  }
}
