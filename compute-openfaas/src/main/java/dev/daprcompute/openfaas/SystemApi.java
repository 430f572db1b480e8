package dev.daprcompute.openfaas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.internal.Json;
import dev.daprcompute.api.protocol.BaseUrls;
import dev.daprcompute.api.protocol.PlatformCalls;
import dev.daprcompute.api.protocol.PlatformResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The gateway's {@code /system} API, with Basic auth: one function's status and the gateway's
 * versions (platforms.md D1 to D3). Every failure is a {@link ComputeUnavailableException} whose
 * reason says what init does with it, and whose message names the fields to fix. Thread-safe.
 */
final class SystemApi {
  /** More than any FunctionStatus or GatewayInfo. */
  private static final long BODY_LIMIT = 1 << 20;

  private final OpenFaasSettings settings;
  private final OpenFaasSettings.BasicAuth credentials;
  private final String authorization;
  private final OkHttpClient client;
  private final Clock clock;

  SystemApi(OpenFaasSettings settings, OpenFaasSettings.BasicAuth credentials, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.credentials = credentials;
    this.authorization = Credentials.basic(credentials.user(), credentials.password().reveal(), StandardCharsets.UTF_8);
    this.client = client;
    this.clock = clock;
  }

  /**
   * A FunctionStatus, as faas-provider writes it: every field but {@code name} and {@code image}
   * is omitted when empty, so an absent {@code replicas} means zero.
   *
   * @param replicas the replicas asked for
   * @param availableReplicas the replicas ready to serve
   * @param annotations the function's annotations
   */
  record FunctionStatus(String name, String image, String namespace, long replicas, long availableReplicas,
      Map<String, String> annotations) {}

  /** {@code GET /system/function/{name}[?namespace=]}. */
  FunctionStatus functionStatus(long deadlineNanos) {
    HttpUrl.Builder url = settings.gatewayPath("system", "function", settings.functionName());
    if (settings.namespace() != null) {
      url.addQueryParameter("namespace", settings.namespace());
    }
    String what = "GET /system/function/" + settings.functionName();
    PlatformResponse reply = get(url.build(), deadlineNanos, what);
    if (reply.status() == 404) {
      throw new ComputeUnavailableException(Reason.NOT_DEPLOYED, "the OpenFaaS gateway at " + gateway() + " says "
          + settings.describeFunction() + " does not exist (404 to " + what + "): deploy it (faas-cli deploy), or fix "
          + (settings.namespace() != null ? OpenFaasSettings.FUNCTION_NAME + " or " + OpenFaasSettings.NAMESPACE
              : OpenFaasSettings.FUNCTION_NAME + ", or set " + OpenFaasSettings.NAMESPACE + " if the function is not in the"
                  + " provider's default namespace"), 404, null, null);
    }
    JsonNode status = json(reply, what);
    if (!status.path("name").isTextual()) {
      throw malformed(reply, what, "has no name");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : status.path("annotations").properties()) {
      if (entry.getValue().isTextual()) {
        annotations.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return new FunctionStatus(status.path("name").asText(), status.path("image").asText(""),
        status.path("namespace").asText(""), status.path("replicas").asLong(0), status.path("availableReplicas").asLong(0),
        Map.copyOf(annotations));
  }

  /** {@code GET /system/info}, summed up: gateway, provider and their versions. */
  String gatewayInfo(long deadlineNanos) {
    String what = "GET /system/info";
    JsonNode info = json(get(settings.gatewayPath("system", "info").build(), deadlineNanos, what), what);
    JsonNode provider = info.path("provider");
    StringBuilder out = new StringBuilder("OpenFaaS gateway ").append(version(info.path("version")));
    out.append(", provider ").append(text(provider.path("provider"), "(unnamed)")).append(' ')
        .append(version(provider.path("version")));
    String orchestration = text(provider.path("orchestration"), "");
    if (!orchestration.isEmpty()) {
      out.append(" on ").append(orchestration);
    }
    String arch = text(info.path("arch"), "");
    if (!arch.isEmpty()) {
      out.append(", ").append(arch);
    }
    return out.toString();
  }

  private static String version(JsonNode version) {
    String release = text(version.path("release"), "(no release)");
    String sha = text(version.path("sha"), "");
    return sha.isEmpty() ? release : release + " (" + (sha.length() > 7 ? sha.substring(0, 7) : sha) + ")";
  }

  private static String text(JsonNode node, String otherwise) {
    return node.isValueNode() && !node.asText().isBlank() ? GatewayReplies.text(Payload.ofUtf8(node.asText()))
        : otherwise;
  }

  private String gateway() {
    return BaseUrls.display(settings.gateway());
  }

  // SPI v2: the messages below (credentials refused, a redirect, a platform status) are this module's
  // copy of what FunctionCompute.platformFailure and LambdaTransport.unavailable say; PlatformFailures
  // in compute-api is to write them once, with the fields to fix passed in.
  private PlatformResponse get(HttpUrl url, long deadlineNanos, String what) {
    Duration remaining = Duration.ofNanos(Math.max(deadlineNanos - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
    Request request = new Request.Builder().url(url).header("Authorization", authorization)
        .header("Accept", "application/json").get().build();
    PlatformResponse reply = PlatformCalls.execute(client, request, remaining, BODY_LIMIT,
        what + " of the OpenFaaS gateway at " + gateway());
    int status = reply.status();
    if (status == 401 || status == 403) {
      throw new ComputeUnavailableException(Reason.PLATFORM_CREDENTIALS, "the OpenFaaS gateway at " + gateway()
          + " refused " + credentials.shownUser() + " and " + OpenFaasSettings.BASIC_AUTH_PASSWORD + " (" + status + " to "
          + what + excerpt(reply) + "): fix " + OpenFaasSettings.BASIC_AUTH_USER + " and "
          + OpenFaasSettings.BASIC_AUTH_PASSWORD + " (the gateway's basic-auth-user and basic-auth-password secrets)"
          + (settings.topicAnnotationPubsub() == null ? ", or remove both to skip the gateway's checks" : ""),
          status, null, null);
    }
    if (status != 200 && status != 404) {
      Reason reason = PlatformCalls.reason(status, null);
      String message = status >= 300 && status < 400
          ? "the OpenFaaS gateway at " + gateway() + " redirected " + what + " (" + status + "), which is never followed:"
              + " set gateway to the URL that serves the gateway itself"
          : "the OpenFaaS gateway at " + gateway() + " answered " + status + " to " + what + excerpt(reply);
      throw new ComputeUnavailableException(reason == Reason.NOT_DEPLOYED ? Reason.PLATFORM_ERROR : reason, message, status,
          PlatformCalls.retryAfter(reply.headers(), clock), null);
    }
    return reply;
  }

  private JsonNode json(PlatformResponse reply, String what) {
    try {
      JsonNode node = Json.MAPPER.readTree(reply.body().unsafeArray());
      if (node == null || !node.isObject()) {
        throw malformed(reply, what, "is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw malformed(reply, what, "is not JSON");
    }
  }

  /**
   * An answer that is not the API's: a maintenance page, or a gateway URL that is not the
   * gateway's. Retried (a page during an upgrade passes); the message says what to check.
   */
  private ComputeUnavailableException malformed(PlatformResponse reply, String what, String why) {
    return new ComputeUnavailableException(Reason.PLATFORM_ERROR, "the answer of the OpenFaaS gateway at " + gateway()
        + " to " + what + " " + why + excerpt(reply) + ": is gateway the OpenFaaS gateway's URL?", reply.status(), null, null);
  }

  private static String excerpt(PlatformResponse reply) {
    String text = GatewayReplies.text(reply.body());
    return text.isEmpty() ? "" : ": " + text;
  }

  /** Never the credentials. */
  @Override
  public String toString() {
    return "SystemApi[" + gateway() + ", " + credentials + "]";
  }
}
