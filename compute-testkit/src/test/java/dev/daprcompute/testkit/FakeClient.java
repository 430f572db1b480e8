package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Plain OkHttp calls to a platform fake, as a provider would make them, with tokens the reference
 * function accepts.
 */
final class FakeClient implements AutoCloseable {
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false) // a reset must reach the test, not be retried away
          .followRedirects(false)
          .callTimeout(Duration.ofSeconds(20))
          .build();
  private final TokenSigner signer;
  private final String audience;

  FakeClient(PlatformFake fake) {
    this.signer =
        new TokenSigner(fake.function().componentKey(), Clock.systemUTC(), Duration.ofSeconds(60));
    this.audience = fake.function().audience();
  }

  /** {@code Bearer <a token for the fake's function>}. */
  String bearer() {
    return "Bearer " + signer.token(audience, null);
  }

  /** What came back. */
  record Reply(int status, Headers headers, String body) {
    String header(String name) {
      String value = headers.get(name);
      return value == null ? "" : value;
    }

    boolean hasHeader(String name) {
      return headers.get(name) != null;
    }

    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The function answered: the marker is there. */
    Reply fromFunction() {
      assertThat(header(Protocol.MARKER_HEADER)).as("marker on a function answer").isEqualTo("1");
      return this;
    }

    /** The platform answered: no marker. */
    Reply fromPlatform() {
      assertThat(hasHeader(Protocol.MARKER_HEADER))
          .as("marker on a platform answer (%s %s)", status, body)
          .isFalse();
      return this;
    }
  }

  Reply send(Request.Builder request) {
    try (Response response = client.newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      return new Reply(response.code(), response.headers(), body.string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The answer's headers arrive, then reading its body fails: what they said, and how the body
   * failed.
   */
  record CutShort(int status, Headers headers, IOException failure) {}

  CutShort cutShort(Request.Builder request) {
    try (Response response = client.newCall(request.build()).execute()) {
      try {
        String body = response.body().string();
        throw new AssertionError(
            "expected a body cut short, got " + response.code() + " with '" + body + "'");
      } catch (IOException e) {
        return new CutShort(response.code(), response.headers(), e);
      }
    } catch (IOException e) {
      throw new AssertionError("expected the answer's headers, the call failed: " + e, e);
    }
  }

  /** The call fails with an I/O error (a reset connection). */
  IOException failure(Request.Builder request) {
    try (Response response = client.newCall(request.build()).execute()) {
      throw new AssertionError("expected a failed call, got " + response.code());
    } catch (IOException e) {
      return e;
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
