package dev.daprcompute.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.ByteSizes;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformCalls;
import dev.daprcompute.api.spi.PlatformFailures;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.lambda.HttpApiV2;
import dev.daprcompute.protocol.wire.Marker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Lambda's Invoke API as a transport (mode {@code invoke}): each request becomes an API Gateway
 * v2.0 event ({@link HttpApiV2}) posted to {@code /2015-03-31/functions/{name}/invocations}, signed
 * with SigV4; the function's return value is read as a v2.0 response. {@code X-Amz-Function-Error}
 * and Lambda's {@code x-amzn-ErrorType} errors are platform errors, never answers; a binding event
 * invoked with {@code InvocationType Event} is queued ({@link PlatformResponse#queued}). {@code
 * init} first checks the function with a {@code DryRun} invoke and {@code
 * GetFunctionConfiguration}. Thread-safe; one per component.
 */
final class InvokeTransport implements PlatformTransport {
  /** Lambda's limit for a synchronous request or response: "6 MB", as its errors count it. */
  static final long SYNC_LIMIT = 6_291_556;

  /** Lambda's limit for an asynchronous ({@code Event}) payload. */
  static final long EVENT_LIMIT = 1_048_576;

  /** Room for the v2.0 response object around the function's body. */
  private static final long ENVELOPE_ROOM = 64 * 1024;

  private static final long CHECK_BODY_LIMIT = 1 << 20;
  private static final MediaType JSON = MediaType.get("application/json");
  private static final byte[] DRY_RUN_PAYLOAD = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final String INVOCATION_TYPE = "x-amz-invocation-type";

  private final LambdaSettings settings;
  private final FunctionName function;
  private final AwsSigner signer;
  private final AwsCredentialSource credentials;
  private final OkHttpClient client;
  private final Clock clock;
  private final HttpUrl invokeUrl;
  private final HttpUrl configurationUrl;

  InvokeTransport(
      LambdaSettings settings, AwsCredentialSource credentials, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.function = Objects.requireNonNull(settings.function(), "mode invoke names a function");
    this.signer =
        new AwsSigner(
            Objects.requireNonNull(settings.region(), "mode invoke has a region"),
            credentials,
            clock);
    this.credentials = credentials;
    this.client = client;
    this.clock = clock;
    // ':' of name:alias and ARNs, '$' of $LATEST: percent-encoded on the wire, as the AWS SDKs send
    // them.
    String path = "/2015-03-31/functions/" + SdkHttpUtils.urlEncode(function.configured());
    String query =
        settings.qualifier() == null
            ? null
            : "Qualifier=" + SdkHttpUtils.urlEncode(settings.qualifier());
    this.invokeUrl = BaseUrls.below(settings.baseUrl(), path + "/invocations", query);
    this.configurationUrl = BaseUrls.below(settings.baseUrl(), path + "/configuration", query);
  }

  @Override
  public String platformName() {
    return "AWS Lambda";
  }

  @Override
  public String functionName() {
    return function.name();
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public Set<Feature> features() {
    return settings.eventBindings()
        ? Set.of(Feature.PLATFORM_CHECKS, Feature.ASYNC_BINDING_EVENTS)
        : Set.of(Feature.PLATFORM_CHECKS);
  }

  @Override
  public String advice(Reason reason) {
    return switch (reason) {
      case NOT_DEPLOYED ->
          "deploy it"
              + qualified()
              + ", or fix functionName, qualifier or region ("
              + settings.region()
              + ")";
      case PLATFORM_CREDENTIALS ->
          "check "
              + credentials.description()
              + " and that they allow lambda:InvokeFunction on the function";
      default -> "";
    };
  }

  /**
   * Where the function is: its name and region, or the endpoint that stands in for Lambda's API.
   */
  @Override
  public List<String> locationFields() {
    return List.of(LambdaSettings.ENDPOINT, LambdaSettings.FUNCTION_NAME, LambdaSettings.REGION);
  }

  @Override
  public void close() {
    credentials.close();
  }

  // ------------------------------------------------------------------ requests and replies

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    boolean queued = isQueued(request);
    byte[] event =
        HttpApiV2.writeRequest(
            new HttpApiV2.Request(
                request.verb(),
                request.path(),
                request.rawQuery(),
                request.headers(),
                request.body()),
            function.name(),
            clock.instant());
    long limit = queued ? EVENT_LIMIT : SYNC_LIMIT;
    if (event.length > limit) {
      throw new ComputeRequestException(
          "the "
              + request.operation().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " request "
              + request.verb()
              + " "
              + request.path()
              + " is "
              + ByteSizes.format(event.length)
              + " as a Lambda event (the v2.0 envelope"
              + (HttpApiV2.textual(request.contentType()) ? "" : ", the body in base64")
              + "), over Lambda's limit of "
              + limit
              + " bytes for "
              + (queued ? "asynchronous (Event)" : "synchronous")
              + " invocations: send less, or pass large data by reference (an S3 object, say)");
    }
    Request post =
        new Request.Builder()
            .url(invokeUrl)
            .post(HttpRequests.bytes(event, 0, event.length, JSON))
            .build();
    return signer.sign(
        post, event, queued ? Map.of(INVOCATION_TYPE, LambdaSettings.INVOCATION_EVENT) : Map.of());
  }

  @Override
  public long rawResponseLimit(long maxBodySize) {
    // The answer travels inside a JSON string: base64 adds a third, escaping up to double.
    long limit = 2 * maxBodySize + ENVELOPE_ROOM;
    return limit < 0 ? Long.MAX_VALUE : limit;
  }

  @Override
  public PlatformResponse fromHttpResponse(
      FunctionRequest request, int status, Metadata headers, Payload body) {
    if (isQueued(request) && status == 202) {
      // Lambda queued the event: it retries and dead-letters it by the function's async settings,
      // and nobody will read the function's reply.
      return PlatformResponse.queued(headers.first("x-amzn-requestid").orElse(""));
    }
    String functionError = LambdaErrors.functionErrorHeader(headers);
    if (functionError != null) {
      return new PlatformResponse(
          status, headers, body, LambdaErrors.functionError(functionError, body.unsafeArray()));
    }
    if (status == 200) {
      Optional<HttpApiV2.Response> answer;
      try {
        answer = HttpApiV2.readResponse(body.unsafeArray());
      } catch (IllegalArgumentException e) {
        throw new ProtocolViolationException(
            "the function's Lambda response is unreadable: " + e.getMessage(), e);
      }
      if (answer.isPresent()) {
        HttpApiV2.Response response = answer.get();
        if (!Marker.isPresent(response.headers())) {
          // The function ran, but not as a dapr-compute function: its own status (a 404, say)
          // says nothing about Lambda, the deployment or the credentials.
          return new PlatformResponse(
              response.status(),
              response.headers(),
              response.body(),
              new PlatformError(
                  Reason.PLATFORM_ERROR,
                  "NoMarker",
                  "the function answered "
                      + response.status()
                      + " without the "
                      + Protocol.MARKER_HEADER
                      + " header, so no dapr-compute function wrote it",
                  "wrap the handler in compute-function's LambdaFunctionAdapter (or answer as"
                      + " docs/protocol.md says)"));
        }
        return PlatformResponse.of(response.status(), response.headers(), response.body());
      }
      return new PlatformResponse(
          status,
          headers,
          body,
          new PlatformError(
              null,
              "MalformedResponse",
              "Lambda answered 200 with a body that is not JSON ("
                  + excerpt(headers, body)
                  + "): is endpoint the Lambda API?"));
    }
    PlatformError error = LambdaErrors.serviceError(status, headers, body.unsafeArray());
    return new PlatformResponse(
        status,
        headers,
        body,
        error != null
            ? error
            : new PlatformError(
                null, "HTTP " + status, "no x-amzn-ErrorType; " + excerpt(headers, body)));
  }

  private boolean isQueued(FunctionRequest request) {
    return settings.eventBindings() && request.operation() == Operation.BINDING_EVENT;
  }

  // ------------------------------------------------------------------ init checks

  /**
   * A {@code DryRun} invoke (the function exists and the credentials may invoke it), then {@code
   * GetFunctionConfiguration} when the credentials may read it (the function is {@code Active} and
   * not being updated).
   */
  @Override
  public List<InitCheck> checkPlatform(InitAttempt attempt) {
    Deadline deadline = attempt.deadline();
    List<InitCheck> checks = new ArrayList<>();
    String subject =
        "function '"
            + function.name()
            + "'"
            + (settings.qualifier() == null ? "" : " (qualifier " + settings.qualifier() + ")");
    Request dryRun =
        new Request.Builder()
            .url(invokeUrl)
            .post(RequestBody.create(DRY_RUN_PAYLOAD, JSON))
            .build();
    PlatformResponse reply =
        call(
            signer.sign(dryRun, DRY_RUN_PAYLOAD, Map.of(INVOCATION_TYPE, "DryRun")),
            deadline,
            "the DryRun invoke of " + subject);
    if (reply.status() != 204) {
      throw unavailable(reply, "the DryRun invoke of " + subject);
    }
    checks.add(
        InitCheck.passed(
            "invokePermission",
            "a DryRun invoke of "
                + subject
                + " was accepted: it exists and "
                + credentials.description()
                + " may invoke it"));
    PlatformResponse configuration;
    try {
      configuration =
          call(
              signer.sign(
                  new Request.Builder().url(configurationUrl).get().build(), new byte[0], Map.of()),
              deadline,
              "GetFunctionConfiguration of " + subject);
    } catch (ComputeUnavailableException e) {
      checks.add(
          InitCheck.skipped(
              "functionState",
              "GetFunctionConfiguration failed ("
                  + e.getMessage()
                  + "); the info call will show whether the function answers"));
      return checks;
    }
    checks.add(functionState(configuration, subject, checks));
    return checks;
  }

  private InitCheck functionState(PlatformResponse reply, String subject, List<InitCheck> checks) {
    PlatformError error = reply.platformError();
    if (reply.status() == 403) {
      return InitCheck.skipped(
          "functionState",
          "GetFunctionConfiguration is not permitted"
              + (error != null ? " (" + error.code() + ")" : "")
              + ": grant lambda:GetFunctionConfiguration to have init check that the function is Active");
    }
    if (reply.status() == 404) {
      throw unavailable(reply, "GetFunctionConfiguration of " + subject);
    }
    if (reply.status() != 200) {
      return InitCheck.skipped(
          "functionState",
          "GetFunctionConfiguration answered "
              + reply.status()
              + (error != null ? " " + error.code() + ": " + error.message() : "")
              + "; not checked");
    }
    JsonNode config;
    try {
      config = LambdaErrors.JSON.readTree(reply.body().unsafeArray());
    } catch (IOException e) {
      return InitCheck.skipped(
          "functionState",
          "GetFunctionConfiguration answered with a body that is not JSON; not checked");
    }
    String state = text(config, "State");
    String update = text(config, "LastUpdateStatus");
    String facts =
        "State "
            + (state.isEmpty() ? "(none)" : state)
            + ", LastUpdateStatus "
            + (update.isEmpty() ? "(none)" : update)
            + ", Version "
            + text(config, "Version")
            + (text(config, "Runtime").isEmpty() ? "" : ", Runtime " + text(config, "Runtime"));
    String stateReason = reason(config, "StateReason", "StateReasonCode");
    switch (state) {
      case "", "Active" -> {}
      case "Inactive" -> {
        return InitCheck.passed(
            "functionState",
            subject
                + ": "
                + facts
                + " (idle: the info call reactivates it, which may take a while)");
      }
      case "Pending" ->
          throw new ComputeUnavailableException(
              Reason.PLATFORM_ERROR,
              "AWS Lambda is still creating "
                  + subject
                  + " ("
                  + facts
                  + stateReason
                  + "): init waits until it is Active",
              null);
      default -> {
        String message =
            subject
                + " cannot be invoked: "
                + facts
                + stateReason
                + ". Fix or redeploy the function (see its State in the Lambda console)";
        List<InitCheck> all = new ArrayList<>(checks);
        all.add(InitCheck.failed("functionState", message));
        throw new ComputeInitException("functionState", message, all, false, null);
      }
    }
    String updateReason = reason(config, "LastUpdateStatusReason", "LastUpdateStatusReasonCode");
    if (update.equals("InProgress")) {
      throw new ComputeUnavailableException(
          Reason.PLATFORM_ERROR,
          subject
              + " is being updated ("
              + facts
              + "): init waits for the update to finish so that the info call sees the new code",
          null);
    }
    if (update.equals("Failed")) {
      return InitCheck.passed(
          "functionState",
          subject
              + ": "
              + facts
              + updateReason
              + "; the last update failed, so invocations run the code from before it");
    }
    return InitCheck.passed("functionState", subject + ": " + facts);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull()
        ? Redaction.platformMessage(value.asText())
        : "";
  }

  private static String reason(JsonNode config, String reason, String code) {
    String text = text(config, reason);
    String codeText = text(config, code);
    return text.isEmpty() && codeText.isEmpty()
        ? ""
        : "; " + (codeText.isEmpty() ? "" : codeText + ": ") + text;
  }

  /** One of init's own calls, its Lambda error decoded. */
  private PlatformResponse call(Request request, Deadline deadline, String what) {
    PlatformResponse reply =
        PlatformCalls.execute(client, request, deadline, CHECK_BODY_LIMIT, what);
    PlatformError error =
        LambdaErrors.serviceError(reply.status(), reply.headers(), reply.body().unsafeArray());
    return new PlatformResponse(reply.status(), reply.headers(), reply.body(), error);
  }

  /** The failure of one of init's calls. */
  private ComputeUnavailableException unavailable(PlatformResponse reply, String what) {
    if (reply.status() >= 200 && reply.status() < 300) {
      return new ComputeUnavailableException(
          Reason.PLATFORM_ERROR,
          "AWS Lambda answered "
              + what
              + " with "
              + reply.status()
              + " instead of 204 ("
              + excerpt(reply.headers(), reply.body())
              + "): is endpoint the Lambda API?",
          reply.status(),
          null,
          null);
    }
    return PlatformFailures.ofPlatformCall(this, what, reply, clock);
  }

  private String qualified() {
    return settings.qualifier() == null ? "" : " with qualifier " + settings.qualifier();
  }

  private static String excerpt(Metadata headers, Payload body) {
    String excerpt = Redaction.excerpt(headers, body);
    return excerpt.isEmpty() ? "an empty body" : excerpt;
  }

  @Override
  public String toString() {
    return "InvokeTransport[" + settings + "]";
  }
}
