package dev.daprcompute.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.function.LambdaFunctionAdapter;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * AWS Lambda in front of the function, for {@code compute.aws.lambda}: the Invoke API and a
 * Function URL, with Lambda's own behaviour where a provider meets it.
 *
 * <h2>Invoke API</h2>
 *
 * {@code POST /2015-03-31/functions/{name}/invocations[?Qualifier=]} takes a function name, {@code
 * name:qualifier} or ARN (account {@value #ACCOUNT}, region {@value #REGION}); the body is an API
 * Gateway HTTP API v2.0 event, handed to the function through compute-function's {@link
 * LambdaFunctionAdapter}, whose v2.0 response is the 200 body. {@code X-Amz-Invocation-Type} {@code
 * DryRun} answers 204, {@code Event} runs the function (at once, so tests can look) and answers
 * 202. {@code GET /2015-03-31/functions/{name}/configuration} (GetFunctionConfiguration) answers
 * the function's configuration ({@link #functionState}), {@code GET /2015-03-31/functions/{name}}
 * (GetFunction) the same with its code location and tags. Every call needs a good SigV4 signature
 * (service {@code lambda}, region {@value #REGION}), checked with the AWS SDK's own signer: an
 * unknown access key or session token is 403 {@code UnrecognizedClientException}, a wrong signature
 * 403 {@code InvalidSignatureException} (echoing the canonical request, as AWS does), a clock more
 * than 5 minutes off 403 "Signature expired". A missing function is 404 {@code
 * ResourceNotFoundException} ({@code Message}); a body that is not JSON 400 {@code
 * InvalidRequestContentException}; more than 6 MB (1 MB for {@code Event}) 413 {@code
 * RequestTooLargeException}. {@link #crashNext} makes the function fail as Lambda reports it: 200,
 * {@code X-Amz-Function-Error: Unhandled}, {@code {"errorType","errorMessage"}}.
 *
 * <h2>Function URL</h2>
 *
 * Below {@code /url}: the request becomes a v2.0 event and the function's v2.0 response becomes the
 * HTTP answer. With auth {@code AWS_IAM} a bad or missing signature is 403 {@code
 * {"Message":"Forbidden. ..."}}; with {@code NONE} nothing is checked. A crash is 502 {@code
 * Internal Server Error}.
 *
 * <h2>Faults</h2>
 *
 * In Lambda's words: {@code notFound} 404 {@code ResourceNotFoundException}; {@code unauthorized}
 * 403 {@code UnrecognizedClientException}; {@code forbidden} 403 {@code AccessDeniedException};
 * {@code throttled} 429 {@code TooManyRequestsException} ({@code message}, {@code Reason}) with
 * {@code Retry-After}; {@code serverError} 500 {@code ServiceException}; {@code coldStart} the
 * delay, then 502 {@code ResourceNotReadyException} (what Lambda answers while an idle function is
 * being reactivated); {@code gatewayTimeout} 504 without an error type (a load balancer's); {@code
 * connectionReset}; {@code malformedBody} 200 with HTML. On the Function URL, the same exceptions
 * with its {@code Message} bodies ({@code Forbidden. ...} for 401/403).
 *
 * <p>Thread-safe; close it to stop the server.
 */
public final class AwsLambdaFake extends PlatformFake {
  /** The component type. */
  public static final String COMPONENT_TYPE = "compute.aws.lambda";

  /** The region the fake is in. */
  public static final String REGION = "us-east-1";

  /** The account its functions belong to. */
  public static final String ACCOUNT = "123456789012";

  /** Lambda's synchronous payload limit, as its errors count it. */
  public static final int SYNC_LIMIT = 6_291_556;

  /** Lambda's asynchronous ({@code Event}) payload limit. */
  public static final int EVENT_LIMIT = 1_048_576;

  private static final String URL_PREFIX = "/url";
  private static final Pattern API_PATH =
      Pattern.compile("/2015-03-31/functions/([^/]+)(?:/(invocations|configuration))?");
  private static final Pattern ARN =
      Pattern.compile("arn:aws:lambda:([a-z0-9-]+):(\\d{12}):function:([^:]+)(?::(.+))?");
  private static final Pattern PARTIAL_ARN =
      Pattern.compile("(\\d{12}):function:([^:]+)(?::(.+))?");
  private static final Pattern VERSION = Pattern.compile("\\d+");
  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String FORBIDDEN =
      "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html";

  /** A Function URL's auth type. */
  public enum UrlAuth {
    /** Anyone may call: no signature. */
    NONE,
    /** Callers sign with SigV4; the token travels in {@code Dapr-Authorization}. */
    AWS_IAM
  }

  private final String functionName;
  private final @Nullable UrlAuth flavour;
  private final UrlAuth urlAuth;
  private final LambdaFunctionAdapter adapter;
  private final SigV4Verifier verifier = new SigV4Verifier(REGION, "lambda");
  private final String accessKeyId;
  private final String secretAccessKey;
  private final Set<String> aliases = ConcurrentHashMap.newKeySet();
  private final AtomicInteger crashes = new AtomicInteger();
  private volatile Clock clock = Clock.systemUTC();
  private volatile String state = "Active";
  private volatile String lastUpdateStatus = "Successful";
  private volatile boolean configurationDenied;

  private AwsLambdaFake(
      ReferenceFunction function, String functionName, @Nullable UrlAuth flavour) {
    super(function);
    this.functionName = functionName;
    this.flavour = flavour;
    this.urlAuth = flavour == null ? UrlAuth.AWS_IAM : flavour;
    this.adapter = new LambdaFunctionAdapter(function);
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder("AKIAFAKE");
    for (int i = 0; i < 12; i++) {
      id.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(random.nextInt(32)));
    }
    byte[] secret = new byte[30];
    random.nextBytes(secret);
    this.accessKeyId = id.toString();
    this.secretAccessKey = Base64.getEncoder().encodeToString(secret);
    verifier.add(new SigV4Verifier.Key(accessKeyId, secretAccessKey, null));
    aliases.add("live");
  }

  /** Lambda with function {@code functionName} (also the audience), for mode invoke. */
  public static AwsLambdaFake start(String functionName) {
    return start(ReferenceFunction.create(functionName));
  }

  /** Lambda with {@code function}, named for its audience, for mode invoke. */
  public static AwsLambdaFake start(ReferenceFunction function) {
    return new AwsLambdaFake(function, function.audience(), null);
  }

  /**
   * Lambda with function {@code functionName} behind a Function URL with {@code auth}, for mode
   * url.
   */
  public static AwsLambdaFake startFunctionUrl(String functionName, UrlAuth auth) {
    return startFunctionUrl(ReferenceFunction.create(functionName), auth);
  }

  /** Lambda with {@code function} behind a Function URL with {@code auth}, for mode url. */
  public static AwsLambdaFake startFunctionUrl(ReferenceFunction function, UrlAuth auth) {
    return new AwsLambdaFake(
        function, function.audience(), Objects.requireNonNull(auth, "auth == null"));
  }

  // ------------------------------------------------------------------ for tests

  /** The function's name. */
  public String functionName() {
    return functionName;
  }

  /** The function's ARN, unqualified. */
  public String functionArn() {
    return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName;
  }

  /** The Invoke API's endpoint: metadata {@code endpoint}. */
  public String endpoint() {
    return baseUrl();
  }

  /** The Function URL: metadata {@code functionUrl}. */
  public String functionUrl() {
    return baseUrl() + URL_PREFIX;
  }

  /** The test access key ID the fake accepts. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The secret access key that goes with {@link #accessKeyId()}. */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /**
   * Makes the fake accept more credentials, such as temporary ones: with a session token, only
   * requests carrying that token in {@code X-Amz-Security-Token} are accepted.
   */
  public AwsLambdaFake addCredentials(
      String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
    verifier.add(new SigV4Verifier.Key(accessKeyId, secretAccessKey, sessionToken));
    return this;
  }

  /**
   * Makes {@code alias} a known qualifier (besides {@code $LATEST}, version numbers and {@code
   * live}).
   */
  public AwsLambdaFake addAlias(String alias) {
    aliases.add(alias);
    return this;
  }

  /** The clock signatures are checked against (to test skew); until {@link #reset()}. */
  public AwsLambdaFake clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    return this;
  }

  /**
   * The next {@code times} invocations crash: {@code X-Amz-Function-Error} (or 502 on the Function
   * URL).
   */
  public AwsLambdaFake crashNext(int times) {
    crashes.addAndGet(times);
    return this;
  }

  /**
   * What {@code GetFunctionConfiguration} says: {@code State} and {@code LastUpdateStatus}; until
   * {@link #reset()}.
   */
  public AwsLambdaFake functionState(String state, String lastUpdateStatus) {
    this.state = Objects.requireNonNull(state, "state == null");
    this.lastUpdateStatus = Objects.requireNonNull(lastUpdateStatus, "lastUpdateStatus == null");
    return this;
  }

  /**
   * Whether {@code GetFunctionConfiguration} is refused with 403 {@code AccessDeniedException};
   * until {@link #reset()}.
   */
  public AwsLambdaFake denyConfiguration(boolean denied) {
    this.configurationDenied = denied;
    return this;
  }

  @Override
  public synchronized void reset() {
    super.reset();
    crashes.set(0);
    clock = Clock.systemUTC();
    state = "Active";
    lastUpdateStatus = "Successful";
    configurationDenied = false;
  }

  @Override
  public String componentType() {
    return COMPONENT_TYPE;
  }

  /**
   * Metadata for a component that reaches the function through this fake: in mode invoke, {@code
   * functionName}, {@code region}, {@code endpoint} and the test credentials; from {@link
   * #startFunctionUrl}, mode {@code url} with {@code functionUrl} and {@code authType}. The key and
   * audience always.
   */
  @Override
  public ComponentMetadata.Builder component(String name) {
    ComponentMetadata.Builder builder =
        ComponentMetadata.builder(name, COMPONENT_TYPE)
            .put("region", REGION)
            .putSecret("key", function().componentKey().privateKeyPem())
            .put("audience", function().audience());
    if (flavour == null) {
      builder.put("functionName", functionName).put("endpoint", endpoint());
    } else {
      builder.put("mode", "url").put("functionUrl", functionUrl()).put("authType", flavour.name());
    }
    if (flavour != UrlAuth.NONE) {
      builder.putSecret("accessKey", accessKeyId).putSecret("secretKey", secretAccessKey);
    }
    return builder;
  }

  @Override
  public String expectedTokenHeader() {
    return flavour == UrlAuth.AWS_IAM ? "dapr-authorization" : "authorization";
  }

  /** Registers this fake (mode invoke) for {@link PlatformFakes}. */
  public static final class Factory implements PlatformFakeFactory {
    @Override
    public String componentType() {
      return COMPONENT_TYPE;
    }

    @Override
    public PlatformFake start(ReferenceFunction function) {
      return AwsLambdaFake.start(function);
    }
  }

  // ------------------------------------------------------------------ the platform

  @Override
  protected Answer serve(RecordedCall call) {
    if (call.path().equals(URL_PREFIX) || call.path().startsWith(URL_PREFIX + "/")) {
      return serveFunctionUrl(call);
    }
    Matcher api = API_PATH.matcher(call.path());
    if (!api.matches()) {
      return error(
          404,
          "UnknownOperationException",
          "message",
          "Unknown operation " + call.method() + " " + call.path());
    }
    SigV4Verifier.Refusal refusal = verifier.check(call, port(), clock.instant());
    if (refusal != null) {
      return error(
          403,
          refusal.exception(),
          refusal.exception().equals("AccessDeniedException") ? "Message" : "message",
          refusal.message());
    }
    String target = SigV4Verifier.decode(api.group(1).replace("+", "%2B"));
    String qualifier = queryParameter(call.query(), "Qualifier");
    String resolved = resolve(target, qualifier);
    if (resolved == null) {
      return notFound(target, qualifier);
    }
    if (api.group(2) == null) {
      return getFunction(call, qualifier);
    }
    return api.group(2).equals("configuration")
        ? configuration(call, qualifier)
        : invoke(call, resolved);
  }

  /**
   * The qualifier a target names ("" for unqualified), or null when the function does not exist
   * here.
   */
  private @Nullable String resolve(String target, @Nullable String queryQualifier) {
    String name;
    String qualifier;
    Matcher m = ARN.matcher(target);
    Matcher partial = PARTIAL_ARN.matcher(target);
    if (m.matches()) {
      if (!m.group(1).equals(REGION) || !m.group(2).equals(ACCOUNT)) {
        return null;
      }
      name = m.group(3);
      qualifier = m.group(4);
    } else if (partial.matches()) {
      if (!partial.group(1).equals(ACCOUNT)) {
        return null;
      }
      name = partial.group(2);
      qualifier = partial.group(3);
    } else {
      int colon = target.indexOf(':');
      name = colon >= 0 ? target.substring(0, colon) : target;
      qualifier = colon >= 0 ? target.substring(colon + 1) : null;
    }
    if (qualifier != null && queryQualifier != null && !qualifier.equals(queryQualifier)) {
      return null;
    }
    String q = qualifier != null ? qualifier : queryQualifier;
    if (!name.equals(functionName)) {
      return null;
    }
    if (q == null) {
      return "";
    }
    return q.equals("$LATEST") || VERSION.matcher(q).matches() || aliases.contains(q) ? q : null;
  }

  private Answer invoke(RecordedCall call, String qualifier) {
    if (!call.method().equals("POST")) {
      return error(405, "MethodNotAllowedException", "message", "Invoke takes POST");
    }
    String type = call.headers().first("x-amz-invocation-type").orElse("RequestResponse");
    if (!List.of("RequestResponse", "Event", "DryRun").contains(type)) {
      return error(
          400, "InvalidParameterValueException", "message", "Invalid InvocationType " + type);
    }
    if (type.equals("DryRun")) {
      return with(Answer.empty(204), "x-amzn-RequestId", UUID.randomUUID().toString());
    }
    int limit = type.equals("Event") ? EVENT_LIMIT : SYNC_LIMIT;
    if (call.body().size() > limit) {
      return error(
          413,
          "RequestTooLargeException",
          "message",
          "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
    }
    String event = call.body().toUtf8();
    if (!Json.isWellFormed(call.body().unsafeArray())) {
      return error(
          400,
          "InvalidRequestContentException",
          "message",
          "Could not parse request body into json: "
              + "Unrecognized token: was expecting a JSON value");
    }
    if (crashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      Answer crash =
          Answer.text(
              200,
              "application/json",
              "{\"errorType\":\"java.lang.IllegalStateException\","
                  + "\"errorMessage\":\"the function crashed on purpose (AwsLambdaFake.crashNext)\",\"stackTrace\":[]}");
      return with(
          with(crash, "X-Amz-Function-Error", "Unhandled"),
          "x-amzn-RequestId",
          UUID.randomUUID().toString());
    }
    String returned = adapter.handle(event);
    if (type.equals("Event")) {
      return with(Answer.empty(202), "x-amzn-RequestId", UUID.randomUUID().toString());
    }
    String executed =
        qualifier.isEmpty() || !VERSION.matcher(qualifier).matches() ? "$LATEST" : qualifier;
    return with(
        with(Answer.text(200, "application/json", returned), "X-Amz-Executed-Version", executed),
        "x-amzn-RequestId",
        UUID.randomUUID().toString());
  }

  private Answer configuration(RecordedCall call, @Nullable String qualifier) {
    if (!call.method().equals("GET")) {
      return error(
          405, "MethodNotAllowedException", "message", "GetFunctionConfiguration takes GET");
    }
    if (configurationDenied) {
      return denied("lambda:GetFunctionConfiguration");
    }
    return with(
        Answer.text(200, "application/json", configurationOf(qualifier).toString()),
        "x-amzn-RequestId",
        UUID.randomUUID().toString());
  }

  /**
   * {@code GET /2015-03-31/functions/{name}}: the configuration, the code's location and the tags.
   */
  private Answer getFunction(RecordedCall call, @Nullable String qualifier) {
    if (!call.method().equals("GET")) {
      return error(405, "MethodNotAllowedException", "message", "GetFunction takes GET");
    }
    if (configurationDenied) {
      return denied("lambda:GetFunction");
    }
    ObjectNode function = Json.MAPPER.createObjectNode();
    function.set("Configuration", configurationOf(qualifier));
    function
        .putObject("Code")
        .put("RepositoryType", "S3")
        .put(
            "Location",
            "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/"
                + ACCOUNT
                + "/"
                + functionName);
    function.putObject("Tags").put("app", "dapr-compute");
    return with(
        Answer.text(200, "application/json", function.toString()),
        "x-amzn-RequestId",
        UUID.randomUUID().toString());
  }

  private Answer denied(String action) {
    return error(
        403,
        "AccessDeniedException",
        "Message",
        "User: arn:aws:iam::"
            + ACCOUNT
            + ":user/dapr-compute is not "
            + "authorized to perform: "
            + action
            + " on resource: "
            + functionArn()
            + " because no identity-based policy allows the "
            + action
            + " action");
  }

  private ObjectNode configurationOf(@Nullable String qualifier) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("FunctionName", functionName);
    config.put("FunctionArn", functionArn() + (qualifier == null ? "" : ":" + qualifier));
    config.put("Runtime", "java21");
    config.put("Handler", "dev.daprcompute.examples.lambda.Handler::handleRequest");
    config.put("CodeSize", 1_234_567);
    config.put("Timeout", 30);
    config.put("MemorySize", 512);
    config.put("LastModified", "2026-11-01T10:00:00.000+0000");
    config.put(
        "Version",
        qualifier != null && VERSION.matcher(qualifier).matches() ? qualifier : "$LATEST");
    config.put("State", state);
    config.put("LastUpdateStatus", lastUpdateStatus);
    if (!state.equals("Active")) {
      config.put("StateReason", "The function is " + state);
      config.put("StateReasonCode", state.equals("Pending") ? "Creating" : "InternalError");
    }
    if (lastUpdateStatus.equals("InProgress")) {
      config.put("LastUpdateStatusReasonCode", "Updating");
      config.put("LastUpdateStatusReason", "The function is being updated");
    }
    config.put("PackageType", "Zip");
    config.putArray("Architectures").add("arm64");
    return config;
  }

  private Answer serveFunctionUrl(RecordedCall call) {
    if (urlAuth == UrlAuth.AWS_IAM) {
      SigV4Verifier.Refusal refusal = verifier.check(call, port(), clock.instant());
      if (refusal != null) {
        return error(403, "AccessDeniedException", "Message", FORBIDDEN);
      }
    }
    if (crashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return Answer.text(502, "application/json", "Internal Server Error");
    }
    String returned = adapter.handle(functionUrlEvent(call).toString());
    try {
      return fromFunctionResponse(Json.MAPPER.readTree(returned));
    } catch (IOException e) {
      return Answer.text(502, "application/json", "Internal Server Error");
    }
  }

  /**
   * The v2.0 event a Function URL hands its function. Written here independently of the provider's
   * own envelope code, so that a bug in one is not cancelled by the same bug in the other.
   */
  private ObjectNode functionUrlEvent(RecordedCall call) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    event.put("rawPath", below(URL_PREFIX, call.path()));
    event.put("rawQueryString", call.query());
    ObjectNode headers = event.putObject("headers");
    ArrayNode cookies = null;
    for (Map.Entry<String, List<String>> header : call.headers().asMap().entrySet()) {
      if (header.getKey().equals("cookie")) {
        cookies = event.putArray("cookies");
        for (String value : header.getValue()) {
          for (String cookie : value.split(";\\s*", -1)) {
            if (!cookie.isEmpty()) {
              cookies.add(cookie);
            }
          }
        }
      } else {
        headers.put(header.getKey(), String.join(",", header.getValue()));
      }
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", urlAuth == UrlAuth.AWS_IAM ? ACCOUNT : "anonymous");
    context.put("apiId", "fakeurlid");
    context.put("domainName", "127.0.0.1");
    ObjectNode http = context.putObject("http");
    http.put("method", call.method());
    http.put("path", below(URL_PREFIX, call.path()));
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", call.headers().first("user-agent").orElse(""));
    context.put("requestId", UUID.randomUUID().toString());
    context.put("routeKey", "$default");
    context.put("stage", "$default");
    Instant now = clock.instant();
    context.put("time", EVENT_TIME.format(now));
    context.put("timeEpoch", now.toEpochMilli());
    byte[] body = call.body().unsafeArray();
    String text = textual(call.headers().first("content-type").orElse("")) ? utf8(body) : null;
    if (body.length == 0 || text != null) {
      event.put("body", text == null ? "" : text);
      event.put("isBase64Encoded", false);
    } else {
      event.put("body", Base64.getEncoder().encodeToString(body));
      event.put("isBase64Encoded", true);
    }
    return event;
  }

  /** The HTTP answer for a function's v2.0 response, as a Function URL writes it. */
  private static Answer fromFunctionResponse(JsonNode response) {
    if (!response.isObject() || !response.path("statusCode").canConvertToInt()) {
      return Answer.text(200, "application/json", response.toString());
    }
    Metadata.Builder headers = Metadata.builder();
    response
        .path("headers")
        .properties()
        .forEach(h -> headers.add(h.getKey(), h.getValue().asText()));
    response.path("cookies").forEach(c -> headers.add("set-cookie", c.asText()));
    String body = response.path("body").asText("");
    Payload payload =
        response.path("isBase64Encoded").asBoolean(false)
            ? Payload.wrap(Base64.getDecoder().decode(body))
            : Payload.ofUtf8(body);
    return Answer.of(response.path("statusCode").asInt(), headers.build(), payload);
  }

  private static boolean textual(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.contains("json")
        || type.contains("xml")
        || type.startsWith("application/x-www-form-urlencoded")
        || type.startsWith("application/javascript");
  }

  private static @Nullable String utf8(byte[] bytes) {
    return Payload.wrap(bytes).utf8Text().orElse(null);
  }

  private static @Nullable String queryParameter(String query, String name) {
    for (String parameter : query.isEmpty() ? new String[0] : query.split("&")) {
      int eq = parameter.indexOf('=');
      if (eq > 0 && SigV4Verifier.decode(parameter.substring(0, eq)).equals(name)) {
        return SigV4Verifier.decode(parameter.substring(eq + 1));
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ Lambda's errors

  private Answer notFound(String target, @Nullable String qualifier) {
    String arn =
        target.startsWith("arn:")
            ? target
            : "arn:aws:lambda:"
                + REGION
                + ":"
                + ACCOUNT
                + ":function:"
                + target.replaceFirst("^\\d{12}:function:", "");
    return error(
        404,
        "ResourceNotFoundException",
        "Message",
        "Function not found: " + arn + (qualifier == null ? "" : ":" + qualifier));
  }

  /**
   * A Lambda service error: {@code x-amzn-ErrorType}, and the message under the key this exception
   * uses ({@code Message} or {@code message}).
   */
  static Answer error(int status, String exception, String messageKey, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("Type", status >= 500 ? "Service" : "User");
    body.put(messageKey, message);
    return Answer.of(
        status,
        Metadata.builder()
            .add("content-type", "application/json")
            .add(
                "x-amzn-ErrorType",
                exception + ":http://internal.amazon.com/coral/com.amazonaws.awslambda/")
            .add("x-amzn-RequestId", UUID.randomUUID().toString())
            .build(),
        Payload.ofUtf8(body.toString()));
  }

  @Override
  protected Answer answerFault(PlatformFault fault, RecordedCall call) {
    boolean url = call.path().equals(URL_PREFIX) || call.path().startsWith(URL_PREFIX + "/");
    if (fault instanceof PlatformFault.NotFound) {
      return url
          ? error(404, "ResourceNotFoundException", "Message", "Not Found")
          : error(
              404, "ResourceNotFoundException", "Message", "Function not found: " + functionArn());
    } else if (fault instanceof PlatformFault.Unauthorized) {
      return url
          ? error(403, "AccessDeniedException", "Message", FORBIDDEN)
          : error(
              403,
              "UnrecognizedClientException",
              "message",
              "The security token included in the request is invalid.");
    } else if (fault instanceof PlatformFault.Forbidden) {
      return url
          ? error(403, "AccessDeniedException", "Message", FORBIDDEN)
          : error(
              403,
              "AccessDeniedException",
              "Message",
              "User: arn:aws:iam::"
                  + ACCOUNT
                  + ":user/dapr-compute is not "
                  + "authorized to perform: lambda:InvokeFunction on resource: "
                  + functionArn()
                  + " because no identity-based policy allows the lambda:InvokeFunction action");
    } else if (fault instanceof PlatformFault.Throttled t) {
      Answer throttled =
          url
              ? error(429, "TooManyRequestsException", "Message", "Rate Exceeded.")
              : withReason(
                  error(429, "TooManyRequestsException", "message", "Rate Exceeded."),
                  "ReservedFunctionConcurrentInvocationLimitExceeded");
      return with(throttled, "Retry-After", Long.toString(t.retryAfter().toSeconds()));
    } else if (fault instanceof PlatformFault.ServerError) {
      return error(
          500,
          "ServiceException",
          "Message",
          url ? "Internal Server Error" : "An error occurred and the request cannot be processed.");
    } else if (fault instanceof PlatformFault.ColdStart c) {
      return error(
              502,
              "ResourceNotReadyException",
              "message",
              "Functions may not be invoked in their Inactive state. Retry after the function is Active.")
          .after(c.delay());
    } else if (fault instanceof PlatformFault.GatewayTimeout) {
      return Answer.text(504, "application/json", "{\"message\":\"Endpoint request timed out\"}");
    } else if (fault instanceof PlatformFault.ConnectionReset) {
      return Answer.connectionReset();
    } else {
      return Answer.text(200, "text/html", "<html><body>maintenance</body></html>");
    }
  }

  /** {@code answer} with one more header. */
  private static Answer with(Answer answer, String name, String value) {
    return new Answer(
        answer.status(),
        answer.headers().toBuilder().add(name, value).build(),
        answer.body(),
        answer.delay(),
        answer.reset());
  }

  private static Answer withReason(Answer answer, String reason) {
    try {
      ObjectNode body = (ObjectNode) Json.MAPPER.readTree(answer.body().unsafeArray());
      body.put("Reason", reason);
      return Answer.of(answer.status(), answer.headers(), Payload.ofUtf8(body.toString()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
