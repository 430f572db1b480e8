package dev.daprcompute.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformCalls;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.ByteSize;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.lambda.HttpApiV2;
import dev.daprcompute.protocol.wire.Marker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * AWS Lambda as a {@link PlatformTransport}.
 *
 * <p>Mode {@code invoke}: each request becomes a v2.0 event posted to
 * {@code /2015-03-31/functions/{name}/invocations} (SigV4, service {@code lambda}); the function's
 * return value is read as a v2.0 response; {@code X-Amz-Function-Error} and Lambda's
 * {@code x-amzn-ErrorType} errors become {@link PlatformError}s, never answers. Mode {@code url}:
 * each request goes to the Function URL as it is, signed for {@code AWS_IAM}.
 *
 * <p>Thread-safe; created once per component.
 */
final class LambdaTransport implements PlatformTransport {
  /** Lambda's limit for a synchronous request or response: "6 MB", as its errors count it. */
  static final long SYNC_LIMIT = 6_291_556;
  /** Lambda's limit for an asynchronous ({@code Event}) payload. */
  static final long EVENT_LIMIT = 1_048_576;
  /** Room for the v2.0 response object around the function's body. */
  private static final long ENVELOPE_ROOM = 64 * 1024;
  private static final long CHECK_BODY_LIMIT = 1 << 20;
  private static final MediaType JSON = MediaType.get("application/json");
  private static final byte[] DRY_RUN_PAYLOAD = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final String INVOCATION_TYPE_HEADER = "x-amz-invocation-type";

  private final LambdaSettings settings;
  private final AwsCredentialSource credentials;
  private final @Nullable SigV4 signer;
  private final OkHttpClient client;
  private final Clock clock;
  private final @Nullable HttpUrl invokeUrl;
  private final @Nullable HttpUrl configurationUrl;

  private LambdaTransport(LambdaSettings settings, AwsCredentialSource credentials, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.credentials = credentials;
    this.signer = settings.signed() && settings.region() != null ? new SigV4(settings.region(), "lambda") : null;
    this.client = client;
    this.clock = clock;
    FunctionName function = settings.function();
    if (settings.invokeMode() && function != null) {
      String base = settings.baseUrl().encodedPath();
      base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      // ':' of name:alias and ARNs, '$' of $LATEST: percent-encoded on the wire, as the AWS SDKs send them.
      String functionPath = base + "/2015-03-31/functions/" + SigV4.encode(function.configured());
      String query = settings.qualifier() == null ? null : "Qualifier=" + SigV4.encode(settings.qualifier());
      this.invokeUrl = settings.baseUrl().newBuilder().encodedPath(functionPath + "/invocations").encodedQuery(query).build();
      this.configurationUrl = settings.baseUrl().newBuilder().encodedPath(functionPath + "/configuration")
          .encodedQuery(query).build();
    } else {
      this.invokeUrl = null;
      this.configurationUrl = null;
    }
  }

  /** The transport of a {@code compute.aws.lambda} component (the provider's factory). */
  static LambdaTransport create(ComponentMetadata metadata, ComputeContext context) {
    return create(metadata, context, LambdaTransport::defaultRegion);
  }

  /** As above, with the default region chain given (for tests). */
  static LambdaTransport create(ComponentMetadata metadata, ComputeContext context, Supplier<Optional<String>> defaultRegion) {
    LambdaSettings settings = LambdaSettings.read(metadata, defaultRegion);
    AwsCredentialSource credentials = settings.keys() != null ? AwsCredentialSource.of(settings.keys())
        : settings.signed() ? AwsCredentialSource.defaultChain() : AwsCredentialSource.none();
    return new LambdaTransport(settings, credentials, context.httpClient(), context.clock());
  }

  /** The AWS default region chain: aws.region, AWS_REGION, the profile, instance metadata. */
  private static Optional<String> defaultRegion() {
    try {
      return Optional.ofNullable(new DefaultAwsRegionProviderChain().getRegion()).map(r -> r.id());
    } catch (RuntimeException none) {
      return Optional.empty();
    }
  }

  LambdaSettings settings() {
    return settings;
  }

  // ------------------------------------------------------------------ PlatformTransport

  @Override
  public String platformName() {
    return settings.invokeMode() ? "AWS Lambda" : "the Lambda Function URL";
  }

  @Override
  public String functionName() {
    return settings.displayName();
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public boolean occupiesAuthorizationHeader() {
    return !settings.invokeMode() && settings.signed();
  }

  @Override
  public Set<Feature> features() {
    if (!settings.invokeMode()) {
      return Set.of();
    }
    EnumSet<Feature> features = EnumSet.of(Feature.PLATFORM_CHECKS);
    if (settings.eventBindings()) {
      features.add(Feature.ASYNC_BINDING_EVENTS);
    }
    return Set.copyOf(features);
  }

  @Override
  public void close() {
    credentials.close();
  }

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    return settings.invokeMode() ? invokeRequest(request) : urlRequest(request);
  }

  private Request invokeRequest(FunctionRequest request) {
    boolean queued = isQueued(request);
    byte[] event = LambdaEnvelope.write(request, settings.displayName(), clock.instant());
    long limit = queued ? EVENT_LIMIT : SYNC_LIMIT;
    if (event.length > limit) {
      throw new ComputeRequestException(describe(request) + " is " + ByteSize.format(event.length)
          + " as a Lambda event (the v2.0 envelope" + (HttpApiV2.textual(request.contentType()) ? "" : ", the body in base64")
          + "), over Lambda's limit of " + limit + " bytes for " + (queued ? "asynchronous (Event)" : "synchronous")
          + " invocations: send less, or pass large data by reference (an S3 object, say)");
    }
    Request.Builder builder = new Request.Builder().url(url(invokeUrl)).post(RequestBody.create(event, JSON));
    String invocationType = queued ? LambdaSettings.INVOCATION_EVENT : null;
    return sign(builder, url(invokeUrl), "POST", event, invocationType).build();
  }

  private Request urlRequest(FunctionRequest request) {
    long size = request.body().size();
    long asEvent = HttpApiV2.encodedSize(request.contentType(), request.body());
    if (asEvent > SYNC_LIMIT) {
      throw new ComputeRequestException(describe(request) + " carries " + ByteSize.format(size) + " (" + asEvent
          + " bytes in the function's event), over a Function URL's limit of " + SYNC_LIMIT + " bytes: send less");
    }
    Request.Builder builder = HttpRequests.below(settings.baseUrl(), request);
    if (!settings.signed()) {
      return builder.build();
    }
    HttpUrl url = HttpRequests.resolve(settings.baseUrl(), request);
    return sign(builder, url, request.verb(), request.body().unsafeArray(), null).build();
  }

  /** Adds SigV4: host, x-amz-content-sha256, x-amz-date, the session token, Authorization. */
  private Request.Builder sign(Request.Builder builder, HttpUrl url, String method, byte[] payload,
      @Nullable String invocationType) {
    SigV4 sigV4 = Objects.requireNonNull(signer, "signer");
    SigV4.Credentials keys = credentials.resolve();
    Instant now = clock.instant();
    String amzDate = SigV4.AMZ_DATE.format(now);
    String payloadHash = SigV4.sha256Hex(payload);
    String host = hostHeader(url);
    TreeMap<String, List<String>> signed = new TreeMap<>();
    signed.put("host", List.of(host));
    // As the AWS SDK for Java v2 does; Lambda does not need it, but it costs nothing and lets
    // Lambda (and the test fake, which checks with the SDK's own signer) verify the body's hash.
    signed.put("x-amz-content-sha256", List.of(payloadHash));
    signed.put("x-amz-date", List.of(amzDate));
    if (invocationType != null) {
      signed.put(INVOCATION_TYPE_HEADER, List.of(invocationType));
    }
    if (keys.sessionToken() != null) {
      signed.put("x-amz-security-token", List.of(keys.sessionToken()));
    }
    String query = url.encodedQuery() == null ? "" : url.encodedQuery();
    SigV4.Signature signature = sigV4.sign(method, url.encodedPath(), query, signed, payloadHash, keys, now);
    signed.forEach((name, values) -> builder.header(name, values.get(0)));
    if (keys.sessionToken() == null) {
      builder.removeHeader("x-amz-security-token"); // never a caller's
    }
    return builder.header("Authorization", signature.authorization());
  }

  @Override
  public long rawResponseLimit(long maxBodySize) {
    if (!settings.invokeMode()) {
      return maxBodySize;
    }
    // The answer travels inside a JSON string: base64 adds a third, escaping up to double.
    long limit = 2 * maxBodySize + ENVELOPE_ROOM;
    return limit < 0 ? Long.MAX_VALUE : limit;
  }

  @Override
  public PlatformResponse fromHttpResponse(FunctionRequest request, int status, Metadata headers, Payload body) {
    return settings.invokeMode() ? fromInvoke(request, status, headers, body) : fromUrl(status, headers, body);
  }

  private PlatformResponse fromInvoke(FunctionRequest request, int status, Metadata headers, Payload body) {
    byte[] bytes = body.unsafeArray();
    if (isQueued(request) && status == 202) {
      // Lambda queued the event: it retries and dead-letters it by the function's async settings,
      // and nobody will read the function's reply.
      return PlatformResponse.queued(headers.first("x-amzn-requestid").orElse(""));
    }
    String functionError = LambdaErrors.functionErrorHeader(headers);
    if (functionError != null) {
      return new PlatformResponse(status, headers, body, LambdaErrors.functionError(functionError, bytes));
    }
    if (status == 200) {
      Optional<PlatformResponse> answer = LambdaEnvelope.read(bytes);
      if (answer.isPresent()) {
        return answer.get();
      }
      return new PlatformResponse(status, headers, body, new PlatformError(null, "MalformedResponse",
          "Lambda answered 200 with a body that is not JSON (" + LambdaErrors.excerpt(bytes)
              + "): is endpoint the Lambda API?"));
    }
    PlatformError error = LambdaErrors.serviceError(status, headers, bytes);
    if (error == null) {
      error = new PlatformError(null, "HTTP " + status, "no x-amzn-ErrorType; " + LambdaErrors.excerpt(bytes));
    }
    return new PlatformResponse(status, headers, body, error);
  }

  private PlatformResponse fromUrl(int status, Metadata headers, Payload body) {
    if (Marker.isPresent(headers)) {
      return PlatformResponse.of(status, headers, body);
    }
    PlatformError error = LambdaErrors.serviceError(status, headers, body.unsafeArray());
    if (error == null && status == 502) {
      error = new PlatformError(Reason.FUNCTION_CRASHED, "Internal Server Error",
          "the function crashed, timed out or returned an invalid response");
    }
    return error == null ? PlatformResponse.of(status, headers, body) : new PlatformResponse(status, headers, body, error);
  }

  private boolean isQueued(FunctionRequest request) {
    return settings.eventBindings() && request.operation() == Operation.BINDING_EVENT;
  }

  // ------------------------------------------------------------------ init checks

  /**
   * Mode invoke: a {@code DryRun} invoke (the function exists and the credentials may invoke it),
   * then {@code GetFunctionConfiguration} when the credentials may read it (the function is
   * {@code Active} and not being updated). Mode url has no checks of its own.
   */
  @Override
  public List<InitCheck> checkPlatform(Deadline timeout) {
    if (!settings.invokeMode()) {
      return List.of();
    }
    long deadline = timeout.nanoTime();
    List<InitCheck> checks = new ArrayList<>();
    String function = "function '" + settings.displayName() + "'" + qualified();

    Reply dryRun = call(sign(new Request.Builder().url(url(invokeUrl)).post(RequestBody.create(DRY_RUN_PAYLOAD, JSON)),
        url(invokeUrl), "POST", DRY_RUN_PAYLOAD, "DryRun").build(), deadline, "the DryRun invoke of " + function);
    if (dryRun.status() != 204) {
      throw unavailable(dryRun, "the DryRun invoke of " + function);
    }
    checks.add(InitCheck.passed("invokePermission", "a DryRun invoke of " + function + " was accepted: it exists and "
        + credentials.description() + " may invoke it"));

    Reply configuration;
    try {
      configuration = call(sign(new Request.Builder().url(url(configurationUrl)).get(), url(configurationUrl), "GET",
          new byte[0], null).build(), deadline, "GetFunctionConfiguration of " + function);
    } catch (ComputeUnavailableException e) {
      checks.add(InitCheck.skipped("functionState", "GetFunctionConfiguration failed (" + e.getMessage()
          + "); the info call will show whether the function answers"));
      return checks;
    }
    checks.add(functionState(configuration, function, checks));
    return checks;
  }

  private InitCheck functionState(Reply reply, String function, List<InitCheck> checks) {
    if (reply.status() == 403) {
      PlatformError error = LambdaErrors.serviceError(reply.status(), reply.headers(), reply.body());
      return InitCheck.skipped("functionState", "GetFunctionConfiguration is not permitted"
          + (error != null ? " (" + error.code() + ")" : "")
          + ": grant lambda:GetFunctionConfiguration to have init check that the function is Active");
    }
    if (reply.status() == 404) {
      throw unavailable(reply, "GetFunctionConfiguration of " + function);
    }
    if (reply.status() != 200) {
      PlatformError error = LambdaErrors.serviceError(reply.status(), reply.headers(), reply.body());
      return InitCheck.skipped("functionState", "GetFunctionConfiguration answered " + reply.status()
          + (error != null ? " " + error.code() + ": " + error.message() : "") + "; not checked");
    }
    JsonNode config;
    try {
      config = Json.MAPPER.readTree(reply.body());
    } catch (IOException e) {
      return InitCheck.skipped("functionState", "GetFunctionConfiguration answered with a body that is not JSON; not checked");
    }
    String state = text(config, "State");
    String update = text(config, "LastUpdateStatus");
    String facts = "State " + (state.isEmpty() ? "(none)" : state) + ", LastUpdateStatus " + (update.isEmpty() ? "(none)" : update)
        + ", Version " + text(config, "Version")
        + (text(config, "Runtime").isEmpty() ? "" : ", Runtime " + text(config, "Runtime"));
    String stateReason = reason(config, "StateReason", "StateReasonCode");
    switch (state) {
      case "", "Active" -> { }
      case "Inactive" -> {
        return InitCheck.passed("functionState", function + ": " + facts
            + " (idle: the info call reactivates it, which may take a while)");
      }
      case "Pending" -> throw new ComputeUnavailableException(Reason.PLATFORM_ERROR, "AWS Lambda is still creating "
          + function + " (" + facts + stateReason + "): init waits until it is Active", null);
      default -> {
        String message = function + " cannot be invoked: " + facts + stateReason
            + ". Fix or redeploy the function (see its State in the Lambda console)";
        List<InitCheck> all = new ArrayList<>(checks);
        all.add(InitCheck.failed("functionState", message));
        throw new ComputeInitException("functionState", message, all, false, null);
      }
    }
    String updateReason = reason(config, "LastUpdateStatusReason", "LastUpdateStatusReasonCode");
    if (update.equals("InProgress")) {
      throw new ComputeUnavailableException(Reason.PLATFORM_ERROR, function + " is being updated (" + facts
          + "): init waits for the update to finish so that the info call sees the new code", null);
    }
    if (update.equals("Failed")) {
      return InitCheck.passed("functionState", function + ": " + facts + updateReason
          + "; the last update failed, so invocations run the code from before it");
    }
    return InitCheck.passed("functionState", function + ": " + facts);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? LambdaErrors.clean(value.asText()) : "";
  }

  private static String reason(JsonNode config, String reason, String code) {
    String text = text(config, reason);
    String codeText = text(config, code);
    if (text.isEmpty() && codeText.isEmpty()) {
      return "";
    }
    return "; " + (codeText.isEmpty() ? "" : codeText + ": ") + text;
  }

  private String qualified() {
    return settings.qualifier() == null ? "" : " (qualifier " + settings.qualifier() + ")";
  }

  /** A reply to one of init's own calls. */
  private record Reply(int status, Metadata headers, byte[] body) {}

  private Reply call(Request request, long deadline, String what) {
    Duration remaining = Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
    PlatformResponse reply = PlatformCalls.execute(client, request, remaining, CHECK_BODY_LIMIT, what);
    return new Reply(reply.status(), reply.headers(), reply.body().unsafeArray());
  }

  /** The failure of one of init's calls, classified as FunctionCompute classifies replies. */
  private ComputeUnavailableException unavailable(Reply reply, String what) {
    PlatformError error = LambdaErrors.serviceError(reply.status(), reply.headers(), reply.body());
    int status = reply.status();
    Reason reason = PlatformCalls.reason(status, error);
    String detail = " (" + status + " " + (error != null ? error.code() + ": " + error.message() : LambdaErrors.excerpt(reply.body())) + ")";
    String message = switch (reason) {
      case NOT_DEPLOYED -> "AWS Lambda says function '" + settings.displayName() + "'" + qualified() + " does not exist"
          + detail + ": deploy it, or fix functionName, qualifier or region (" + settings.region() + ")";
      case PLATFORM_CREDENTIALS -> "AWS Lambda refused " + what + detail + ": check " + credentials.description()
          + " and that they allow lambda:InvokeFunction on the function";
      case THROTTLED -> "AWS Lambda throttled " + what + detail;
      case TIMEOUT -> "AWS Lambda timed out on " + what + detail;
      default -> status >= 200 && status < 300
          ? "AWS Lambda answered " + what + " with " + status + " instead of 204" + detail + ": is endpoint the Lambda API?"
          : "AWS Lambda failed " + what + detail;
    };
    return new ComputeUnavailableException(reason, message, status, PlatformCalls.retryAfter(reply.headers(), clock), null);
  }

  // ------------------------------------------------------------------ helpers

  private static HttpUrl url(@Nullable HttpUrl url) {
    return Objects.requireNonNull(url, "mode invoke has no function URL");
  }

  /** The Host header as OkHttp would write it, which the signature covers. */
  static String hostHeader(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  private static String describe(FunctionRequest request) {
    return "the " + request.operation().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " request "
        + request.verb() + " " + request.path();
  }

  @Override
  public String toString() {
    return "LambdaTransport[" + settings + "]";
  }
}
