package dev.daprcompute.cloudflare.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.PlatformCalls;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.protocol.Metadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * The few Cloudflare API calls init makes, under {@code /accounts/{accountId}/workers}, with {@code
 * Authorization: Bearer <apiToken>}. Every answer is read from Cloudflare's envelope ({@code
 * {success, errors:[{code, message}], messages, result}}) and every failure is named: {@link
 * Reason#PLATFORM_CREDENTIALS} for a refused token (code 10000 and its kin, or 401/403), {@link
 * Reason#NOT_DEPLOYED} for 10007, {@link Reason#THROTTLED} with the {@code retry-after} wait for
 * 429 (init waits it out within {@code initTimeout}), retryable platform errors for 5xx and the
 * edge's error pages, and a {@link ComputeInitException} for any other refusal, which no retry can
 * change. The API token appears in no message: messages quote Cloudflare's error codes and texts,
 * scrubbed of anything token-like.
 *
 * <p>Thread-safe; stateless apart from its configuration.
 */
final class CloudflareApi {
  /** Reads the platform's own JSON; plain Jackson is all it needs. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** How much of an answer is read: settings and script summaries are small. */
  private static final long MAX_ANSWER = 1 << 20;

  private static final MediaType JSON = MediaType.get("application/json");

  /**
   * Codes of a refused API token: 10000 "Authentication error" (no permission, another account's
   * ID), 10001 (unable to authenticate), 10023 "workers.api.error.unauthorized", 9106/9109 (missing
   * or invalid token), 6003/6111 (a malformed Authorization header), 1000 "Invalid API Token".
   */
  private static final Set<Integer> CREDENTIAL_CODES =
      Set.of(10000, 10001, 10023, 9106, 9109, 6003, 6111, 1000);

  /** 10007: a script (or an account's workers.dev subdomain) that does not exist. */
  static final int NOT_FOUND = 10007;

  /**
   * Codes of an upload whose service binding names a worker that does not exist: 10143 ("could not
   * resolve binding ... script ... not found"), 10144; older answers said 10007.
   */
  static final Set<Integer> SERVICE_TARGET_MISSING = Set.of(10143, 10144, NOT_FOUND);

  private final OkHttpClient client;
  private final HttpUrl accountUrl;
  private final String accountId;
  private final SecretValue token;
  private final Clock clock;

  CloudflareApi(
      OkHttpClient client, HttpUrl apiBaseUrl, String accountId, SecretValue token, Clock clock) {
    this.client = client;
    this.accountId = accountId;
    this.token = token;
    this.clock = clock;
    String base =
        apiBaseUrl.encodedPath().endsWith("/")
            ? apiBaseUrl.encodedPath()
            : apiBaseUrl.encodedPath() + "/";
    this.accountUrl =
        apiBaseUrl
            .newBuilder()
            .encodedPath(base)
            .addPathSegment("accounts")
            .addPathSegment(accountId)
            .addPathSegment("workers")
            .build();
  }

  String accountId() {
    return accountId;
  }

  // ------------------------------------------------------------------ the calls

  /**
   * {@code GET /scripts/{script}/settings}: the script's bindings and dates; empty when it does not
   * exist.
   */
  Optional<JsonNode> scriptSettings(String script, Deadline deadline, String check) {
    Answer answer =
        call(
            get(url("scripts", script, "settings")),
            deadline,
            "reading the settings of worker '" + script + "'");
    if (answer.status() == 404 && answer.hasCode(NOT_FOUND)) {
      return Optional.empty();
    }
    return Optional.of(answer.requireResult(this, check));
  }

  /**
   * {@code GET /subdomain}: the account's workers.dev subdomain; empty when the account has none
   * (10007).
   */
  Optional<String> accountSubdomain(Deadline deadline, String check) {
    Answer answer =
        call(get(url("subdomain")), deadline, "reading the account's workers.dev subdomain");
    if (answer.status() == 404 && answer.hasCode(NOT_FOUND)) {
      return Optional.empty();
    }
    String subdomain = answer.requireResult(this, check).path("subdomain").asText("");
    if (!subdomain.matches("[A-Za-z0-9-]{1,63}")) {
      throw new ComputeInitException(
          check,
          "the Cloudflare API gave '"
              + Redaction.url(subdomain)
              + "' as the account's"
              + " workers.dev subdomain, which is no host name label: set workerUrl",
          List.of(),
          false,
          null);
    }
    return Optional.of(subdomain);
  }

  /** {@code GET /scripts/{script}/subdomain}: whether the script's workers.dev route is enabled. */
  boolean workersDevEnabled(String script, Deadline deadline, String check) {
    Answer answer =
        call(
            get(url("scripts", script, "subdomain")),
            deadline,
            "reading the workers.dev route of worker '" + script + "'");
    return answer.requireResult(this, check).path("enabled").asBoolean(false);
  }

  /** {@code POST /scripts/{script}/subdomain {"enabled":true,"previews_enabled":false}}. */
  void enableWorkersDev(String script, Deadline deadline, String check) {
    byte[] body =
        "{\"enabled\":true,\"previews_enabled\":false}".getBytes(StandardCharsets.US_ASCII);
    Answer answer =
        call(
            authorized(url("scripts", script, "subdomain"))
                .post(RequestBody.create(body, JSON))
                .build(),
            deadline,
            "enabling the workers.dev route of worker '" + script + "'");
    answer.requireResult(this, check);
  }

  /** {@code PUT /scripts/{script}} with a module-worker upload; the answer's {@code result}. */
  Answer upload(String script, RequestBody form, Deadline deadline) {
    return call(
        authorized(url("scripts", script)).put(form).build(),
        deadline,
        "uploading worker '" + script + "'");
  }

  // ------------------------------------------------------------------ plumbing

  private HttpUrl url(String... segments) {
    HttpUrl.Builder url = accountUrl.newBuilder();
    for (String segment : segments) {
      url.addPathSegment(segment);
    }
    return url.build();
  }

  private Request get(HttpUrl url) {
    return authorized(url).get().build();
  }

  private Request.Builder authorized(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + token.reveal())
        .header("Accept", "application/json");
  }

  private Answer call(Request request, Deadline deadline, String what) {
    PlatformResponse reply =
        PlatformCalls.execute(
            client, request, deadline, MAX_ANSWER, "the Cloudflare API call " + what);
    return Answer.read(what, reply);
  }

  /**
   * One API error.
   *
   * @param code Cloudflare's code, such as 10007
   * @param message its message, scrubbed of anything token-like
   */
  record ApiError(int code, String message) {
    @Override
    public String toString() {
      return code + " " + message;
    }
  }

  /**
   * An API answer.
   *
   * @param what the call, for messages
   * @param status the HTTP status
   * @param headers the headers
   * @param success the envelope's {@code success}; false when the body is no envelope
   * @param errors the envelope's errors
   * @param result the envelope's {@code result}, or {@code null}
   * @param excerpt a short description of a body that is no envelope (an error page), or empty
   */
  record Answer(
      String what,
      int status,
      Metadata headers,
      boolean success,
      List<ApiError> errors,
      @Nullable JsonNode result,
      String excerpt) {

    static Answer read(String what, PlatformResponse reply) {
      byte[] body = reply.body().unsafeArray();
      JsonNode envelope = null;
      try {
        JsonNode node = MAPPER.readTree(body);
        if (node != null && node.isObject() && (node.has("success") || node.has("errors"))) {
          envelope = node;
        }
      } catch (IOException notJson) {
        // an error page of the edge, not the API's envelope
      }
      if (envelope == null) {
        return new Answer(
            what,
            reply.status(),
            reply.headers(),
            false,
            List.of(),
            null,
            ErrorPages.describe(reply.status(), reply.headers(), reply.body()));
      }
      List<ApiError> errors = new ArrayList<>();
      for (JsonNode error : envelope.path("errors")) {
        errors.add(
            new ApiError(error.path("code").asInt(0), clean(error.path("message").asText(""))));
      }
      JsonNode result = envelope.get("result");
      return new Answer(
          what,
          reply.status(),
          reply.headers(),
          envelope.path("success").asBoolean(false),
          List.copyOf(errors),
          result == null || result.isNull() ? null : result,
          "");
    }

    boolean ok() {
      return status >= 200 && status < 300 && success;
    }

    boolean hasCode(int code) {
      return errors.stream().anyMatch(e -> e.code() == code);
    }

    boolean hasAnyCode(Set<Integer> codes) {
      return errors.stream().anyMatch(e -> codes.contains(e.code()));
    }

    /**
     * The status and the errors (or the page), for messages: {@code 404 10007:
     * workers.api.error.script_not_found}.
     */
    String detail() {
      if (!errors.isEmpty()) {
        return status
            + " "
            + errors.stream().map(ApiError::toString).collect(Collectors.joining("; "));
      }
      return status + (excerpt.isEmpty() ? "" : " " + excerpt);
    }

    /** The result of a successful answer; else the failure, named. */
    JsonNode requireResult(CloudflareApi api, String check) {
      if (ok() && result != null) {
        return result;
      }
      if (ok()) {
        return MAPPER.createObjectNode();
      }
      throw api.failure(this, check);
    }
  }

  /**
   * What a failed answer means: a {@link ComputeUnavailableException} when it is the token (not
   * retryable by init), a missing script, throttling or a platform failure; a {@link
   * ComputeInitException} naming {@code check} for any other refusal.
   */
  RuntimeException failure(Answer answer, String check) {
    int status = answer.status();
    String detail = " (" + answer.detail() + ")";
    if (answer.hasAnyCode(CREDENTIAL_CODES) || status == 401 || status == 403) {
      return new ComputeUnavailableException(
          Reason.PLATFORM_CREDENTIALS,
          "the Cloudflare API refused apiToken when "
              + answer.what()
              + detail
              + ": check that the token is active, that it belongs to account "
              + accountId
              + " (or has access to it), and that it has the permission Account > Workers Scripts > Edit (Read is enough"
              + " without targetWorker)",
          status,
          null,
          null);
    }
    if (status == 429) {
      Duration wait = PlatformCalls.retryAfter(answer.headers(), clock);
      return new ComputeUnavailableException(
          Reason.THROTTLED,
          "the Cloudflare API rate-limited "
              + answer.what()
              + detail
              + (wait == null ? "" : "; it asks to wait " + wait.toSeconds() + " s")
              + " (the API allows 1200 requests per 5"
              + " minutes for a user, all tokens together)",
          status,
          wait,
          null);
    }
    if (answer.hasCode(NOT_FOUND)) {
      return new ComputeUnavailableException(
          Reason.NOT_DEPLOYED,
          "the Cloudflare API found nothing when " + answer.what() + detail,
          status,
          null,
          null);
    }
    if (status == 524 || status == 408 || status == 504) {
      return new ComputeUnavailableException(
          Reason.TIMEOUT,
          "the Cloudflare API timed out when " + answer.what() + detail,
          status,
          PlatformCalls.retryAfter(answer.headers(), clock),
          null);
    }
    if (status >= 500 || status < 200 || status == 409 || (status >= 200 && status < 300)) {
      // 5xx and the edge's pages may pass; 409 is a concurrent change; a 2xx without success is
      // garbage
      return new ComputeUnavailableException(
          Reason.PLATFORM_ERROR,
          "the Cloudflare API failed when " + answer.what() + detail,
          status,
          PlatformCalls.retryAfter(answer.headers(), clock),
          null);
    }
    return new ComputeInitException(
        check, "the Cloudflare API refused " + answer.what() + detail, List.of(), false, null);
  }

  /** Cloudflare's text, one line, without anything that looks like a token. */
  static String clean(String text) {
    return Redaction.platformMessage(text.replaceAll("\\s+", " "));
  }

  /** The account, never the token. */
  @Override
  public String toString() {
    return "CloudflareApi[account " + accountId + "]";
  }
}
