package dev.daprcompute.openfaas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.PlatformCalls;
import dev.daprcompute.api.spi.PlatformFailures;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.protocol.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The gateway's {@code /system} API, with Basic auth: one function's status and the gateway's
 * versions (platforms.md D1 to D3), and the init checks made of them. Every failure is a {@link
 * ComputeUnavailableException} worded by {@link PlatformFailures}, whose reason says what init does
 * with it, and whose fix names the fields to change. The credentials go to {@code /system} only.
 * Thread-safe.
 */
final class SystemApi {
  /** Reads the platform's own JSON; plain Jackson is all it needs. */
  static final ObjectMapper JSON = new ObjectMapper();

  /** More than any FunctionStatus or GatewayInfo. */
  private static final long BODY_LIMIT = 1 << 20;

  private final OpenFaasSettings settings;
  private final OpenFaasSettings.BasicAuth credentials;
  private final OkHttpClient client;
  private final Clock clock;

  SystemApi(
      OpenFaasSettings settings,
      OpenFaasSettings.BasicAuth credentials,
      OkHttpClient client,
      Clock clock) {
    this.settings = settings;
    this.credentials = credentials;
    this.client = client;
    this.clock = clock;
  }

  /**
   * A FunctionStatus, as faas-provider writes it: every field but {@code name} and {@code image} is
   * omitted when empty, so an absent {@code replicas} means zero.
   *
   * @param replicas the replicas asked for
   * @param availableReplicas the replicas ready to serve
   * @param annotations the function's annotations
   */
  record FunctionStatus(
      String name,
      String image,
      long replicas,
      long availableReplicas,
      Map<String, String> annotations) {}

  /**
   * The checks: the function exists ({@code functionStatus}, with its replicas; a missing function
   * fails init at once), and the gateway's and provider's versions ({@code gateway}, skipped when
   * {@code /system/info} fails, unless it refused the credentials).
   */
  List<InitCheck> checks(PlatformTransport transport, Deadline deadline) {
    List<InitCheck> checks = new ArrayList<>();
    checks.add(InitCheck.passed("functionStatus", describe(functionStatus(transport, deadline))));
    try {
      checks.add(InitCheck.passed("gateway", gatewayInfo(transport, deadline)));
    } catch (ComputeUnavailableException e) {
      if (e.reason() == Reason.PLATFORM_CREDENTIALS) {
        throw e;
      }
      checks.add(InitCheck.skipped("gateway", "the versions are unknown: " + e.getMessage()));
    }
    return checks;
  }

  private String describe(FunctionStatus status) {
    StringBuilder out = new StringBuilder(settings.describeFunction()).append(" is deployed");
    if (!status.image().isEmpty()) {
      out.append(" (image ").append(status.image()).append(')');
    }
    if (status.replicas() == 0) {
      out.append(
          "; it is scaled to zero: the gateway scales it up for the info call, which can take up to about 100 s,"
              + " or answers 503 when it does not scale from zero");
    } else {
      out.append("; replicas ")
          .append(status.replicas())
          .append(", ")
          .append(status.availableReplicas())
          .append(" ready");
    }
    String pubsub = settings.topicAnnotationPubsub();
    if (pubsub != null) {
      List<String> topics = TopicAnnotations.topics(status.annotations());
      out.append(
          topics.isEmpty()
              ? "; no topic annotation"
              : "; topic annotation: "
                  + String.join(", ", topics)
                  + " (subscribed on '"
                  + pubsub
                  + "')");
    }
    return out.toString();
  }

  /** {@code GET /system/function/{name}[?namespace=]}. */
  FunctionStatus functionStatus(PlatformTransport transport, Deadline deadline) {
    HttpUrl url = settings.gatewayUrl("system", "function", settings.functionName());
    String namespace = settings.namespace();
    if (namespace != null) {
      url = url.newBuilder().addQueryParameter("namespace", namespace).build();
    }
    String what =
        "GET /system/function/"
            + settings.functionName()
            + (namespace == null ? "" : "?namespace=" + namespace);
    PlatformError notFound =
        new PlatformError(
            Reason.NOT_DEPLOYED,
            "FunctionNotFound",
            settings.describeFunction() + " does not exist",
            "deploy it (faas-cli deploy), or fix " + settings.functionFields());
    PlatformResponse reply = get(transport, url, deadline, what, notFound);
    JsonNode status = json(transport, reply, what);
    if (!status.path("name").isTextual()) {
      throw malformed(transport, reply, what, "has no name");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : status.path("annotations").properties()) {
      if (entry.getValue().isTextual()) {
        annotations.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return new FunctionStatus(
        status.path("name").asText(),
        status.path("image").asText(""),
        status.path("replicas").asLong(0),
        status.path("availableReplicas").asLong(0),
        Map.copyOf(annotations));
  }

  /** {@code GET /system/info}, summed up: gateway, provider and their versions. */
  String gatewayInfo(PlatformTransport transport, Deadline deadline) {
    String what = "GET /system/info";
    PlatformError notFound =
        new PlatformError(
            Reason.PLATFORM_ERROR,
            "NotFound",
            "no /system/info here",
            "check that gateway is the OpenFaaS gateway's URL");
    JsonNode info =
        json(
            transport,
            get(transport, settings.gatewayUrl("system", "info"), deadline, what, notFound),
            what);
    JsonNode provider = info.path("provider");
    StringBuilder out =
        new StringBuilder("OpenFaaS gateway ").append(version(info.path("version")));
    out.append(", provider ")
        .append(text(provider.path("provider"), "(unnamed)"))
        .append(' ')
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
    return sha.isEmpty()
        ? release
        : release + " (" + (sha.length() > 7 ? sha.substring(0, 7) : sha) + ")";
  }

  private static String text(JsonNode node, String otherwise) {
    return node.isValueNode() && !node.asText().isBlank()
        ? GatewayReplies.text(Payload.ofUtf8(node.asText()))
        : otherwise;
  }

  /**
   * The answer to a GET with the credentials, when it is 200.
   *
   * @param notFound what a 404 means
   * @throws ComputeUnavailableException for any other answer
   */
  private PlatformResponse get(
      PlatformTransport transport,
      HttpUrl url,
      Deadline deadline,
      String what,
      PlatformError notFound) {
    Request request =
        new Request.Builder()
            .url(url)
            .header(
                "Authorization",
                Credentials.basic(
                    credentials.user(), credentials.password().reveal(), StandardCharsets.UTF_8))
            .header("Accept", "application/json")
            .get()
            .build();
    PlatformResponse reply =
        PlatformCalls.execute(
            client, request, deadline, BODY_LIMIT, what + " of " + transport.platformName());
    int status = reply.status();
    if (status == 200) {
      return reply;
    }
    if (status == 401 || status == 403) {
      String text = GatewayReplies.text(reply.body());
      PlatformError refused =
          new PlatformError(
              Reason.PLATFORM_CREDENTIALS,
              status == 401 ? "Unauthorized" : "Forbidden",
              text.isEmpty() ? "refused" : text,
              "fix "
                  + OpenFaasSettings.BASIC_AUTH_USER
                  + " and "
                  + OpenFaasSettings.BASIC_AUTH_PASSWORD
                  + " (the gateway's basic-auth-user and basic-auth-password secrets)"
                  + (settings.topicAnnotationPubsub() == null
                      ? ", or remove both to skip the gateway's checks"
                      : ""));
      throw PlatformFailures.ofPlatformCall(
          transport,
          credentials.shownUser() + " and " + OpenFaasSettings.BASIC_AUTH_PASSWORD + " for " + what,
          with(reply, refused),
          clock);
    }
    throw PlatformFailures.ofPlatformCall(
        transport, what, status == 404 ? with(reply, notFound) : reply, clock);
  }

  private static PlatformResponse with(PlatformResponse reply, PlatformError error) {
    return new PlatformResponse(reply.status(), reply.headers(), reply.body(), error);
  }

  private JsonNode json(PlatformTransport transport, PlatformResponse reply, String what) {
    try {
      JsonNode node = JSON.readTree(reply.body().unsafeArray());
      if (node == null || !node.isObject()) {
        throw malformed(transport, reply, what, "is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw malformed(transport, reply, what, "is not JSON");
    }
  }

  /**
   * An answer that is not the API's: a maintenance page, or a gateway URL that is not the
   * gateway's. Retried (a page during an upgrade passes); the message says what to check.
   */
  private static ComputeUnavailableException malformed(
      PlatformTransport transport, PlatformResponse reply, String what, String why) {
    String text = GatewayReplies.text(reply.body());
    return new ComputeUnavailableException(
        Reason.PLATFORM_ERROR,
        "the answer of "
            + transport.platformName()
            + " to "
            + what
            + " "
            + why
            + (text.isEmpty() ? "" : " (" + text + ")")
            + ": check that gateway is the OpenFaaS gateway's"
            + " URL",
        reply.status(),
        null,
        null);
  }

  /** Never the credentials. */
  @Override
  public String toString() {
    return "SystemApi[" + BaseUrls.display(settings.gateway()) + ", " + credentials + "]";
  }
}
