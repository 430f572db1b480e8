package dev.daprcompute.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Cloudflare Workers in front of the function, for {@code compute.cloudflare.workers}. One server
 * has two faces, as the project's platform research (platforms.md, sections C and E) records them:
 *
 * <ul>
 *   <li><b>The Cloudflare API</b> under {@link #apiBaseUrl()} ({@code <base>/client/v4}), with the
 *       envelope {@code {"success", "errors":[{"code","message"}], "messages", "result"}} on every
 *       answer and {@code Authorization: Bearer <apiToken>} on every request.
 *   <li><b>The worker host</b> under {@code <base>/workers/<script>}, standing for {@code
 *       https://<script>.<subdomain>.workers.dev}: when the script is deployed and its workers.dev
 *       route enabled, every request (the path after the script name, the query, all headers,
 *       {@code Authorization} included) is handed to the reference function, as the jump worker
 *       hands it to its target.
 * </ul>
 *
 * <h2>Component metadata (what a future {@code compute.cloudflare.workers} provider reads)</h2>
 *
 * <table>
 *   <caption>{@link #component(String)}</caption>
 *   <tr><th>field</th><th>value</th></tr>
 *   <tr><td>{@code workerUrl}</td><td>{@code <base>/workers/<workerName>} ({@link #workerUrl()})</td></tr>
 *   <tr><td>{@code workerName}</td><td>{@value #DEFAULT_WORKER_NAME}</td></tr>
 *   <tr><td>{@code accountId}</td><td>a random 32-hex account ID</td></tr>
 *   <tr><td>{@code apiToken} (secret)</td><td>the API token</td></tr>
 *   <tr><td>{@code apiBaseUrl}</td><td>{@code <base>/client/v4}: a provider needs this override of
 *       {@code https://api.cloudflare.com/client/v4} to reach the fake</td></tr>
 *   <tr><td>{@code key} (secret), {@code audience}</td><td>from the {@link ReferenceFunction}</td></tr>
 * </table>
 *
 * <h2>The API</h2>
 *
 * <ul>
 *   <li>A missing or wrong token, or another account's ID in the path: 403, code 10000 {@code
 *       Authentication error}. {@code GET /user/tokens/verify}: {@code {id, status:"active"}} with
 *       message code 10000 {@code This API Token is valid and active}.
 *   <li>{@code GET /accounts/{a}/workers/subdomain}: {@code {"subdomain": ...}}, or 404 code 10007
 *       when {@link #accountSubdomain(String)} took it away (an account that never registered one).
 *       {@code GET /accounts/{a}/workers/scripts}: the scripts ({@code id, etag, handlers,
 *       has_modules, created_on, modified_on, compatibility_date, compatibility_flags,
 *       usage_model}).
 *   <li>{@code PUT /accounts/{a}/workers/scripts/{s}} ({@code multipart/form-data}; query such as
 *       {@code excludeScript} and {@code bindings_inherit} ignored): part {@code metadata} is JSON
 *       with {@code main_module} (module workers only), {@code compatibility_date} (default {@code
 *       2021-11-02}), {@code compatibility_flags}, {@code bindings} ({@code {type, name, ...}},
 *       such as {@code plain_text}/{@code secret_text} with {@code text}) and {@code keep_bindings}
 *       (binding types kept from the previous version); every other part is a module, named by its
 *       part name, and one must be the main module. It stores the script with a new etag (SHA-256
 *       of the upload) and answers {@code {id, etag, handlers, modified_on, created_on,
 *       compatibility_date, compatibility_flags, usage_model, startup_time_ms, has_modules,
 *       deployment_id}}. A {@code service} binding must name a deployed script, as Cloudflare
 *       demands: otherwise 400 code 10143 {@code workers.api.error.service_binding_error} (the code
 *       wrangler users report). A new script's workers.dev route starts disabled (the toggle is per
 *       script); an upload over an existing one keeps its toggle. A body that is not multipart or a
 *       metadata part that is not JSON: 400 code 10006; a missing metadata part, main module or
 *       binding name/type: 400 code 10021 (the fake's messages).
 *   <li>{@code DELETE /accounts/{a}/workers/scripts/{s}}: removes the script.
 *   <li>{@code GET|PATCH /accounts/{a}/workers/scripts/{s}/settings}: {@code {bindings (secret_text
 *       without its text), compatibility_date, compatibility_flags, logpush, placement, tags,
 *       tail_consumers, usage_model}}; PATCH takes a {@code settings} multipart part (or,
 *       leniently, a JSON body) and replaces the keys it names (a {@code secret_text} binding
 *       without {@code text} keeps the old text).
 *   <li>{@code GET|POST|DELETE /accounts/{a}/workers/scripts/{s}/subdomain}: {@code {enabled,
 *       previews_enabled}}; POST {@code {"enabled":true}} enables workers.dev, DELETE disables it.
 *   <li>An absent script: 404 code 10007 {@code workers.api.error.script_not_found}. Any other path
 *       or method: 404 code 7000 {@code No route for that URI} (the fake's choice).
 *   <li>{@link #rateLimitApi(Duration)}: every API call is 429 with {@code retry-after} and code
 *       971 (the code and message are the fake's choice; platforms.md records only the 429 and the
 *       header).
 * </ul>
 *
 * <h2>The worker host</h2>
 *
 * A script that is absent, or whose workers.dev route is disabled, gets a 404 {@code text/html}
 * "There is nothing here yet" page from the edge (the fake's choice of page). Paths outside {@code
 * /client/v4} and {@code /workers} get the same.
 *
 * <h2>Faults ({@link #failNext})</h2>
 *
 * <table>
 *   <caption>How each fault is answered on the worker host</caption>
 *   <tr><th>fault</th><th>answer</th></tr>
 *   <tr><td>notFound</td><td>the 404 page above</td></tr>
 *   <tr><td>unauthorized</td><td>401 {@code text/html} (the fake's choice: Cloudflare Access in front)</td></tr>
 *   <tr><td>forbidden</td><td>403 {@code text/html} (the fake's choice: Cloudflare Access in front)</td></tr>
 *   <tr><td>throttled</td><td>429 {@code text/html} error 1015 with {@code Retry-After} (whole seconds, rounded up)</td></tr>
 *   <tr><td>serverError</td><td>500 {@code text/html} error 1101, "Worker threw exception"</td></tr>
 *   <tr><td>coldStart</td><td>the delay, then 503 {@code text/html} error 1102, "Worker exceeded resource limits"</td></tr>
 *   <tr><td>gatewayTimeout</td><td>524 {@code text/html} "A timeout occurred" (the fake's choice of
 *       Cloudflare's own timeout status over 504; a provider should read 524 as a timeout)</td></tr>
 *   <tr><td>connectionReset</td><td>the connection is reset</td></tr>
 *   <tr><td>malformedBody</td><td>200 {@code text/html}</td></tr>
 * </table>
 *
 * On the API face (the fake's choice) notFound is 404 code 10007, unauthorized and forbidden are
 * 403 code 10000, throttled is the rate-limit answer above, serverError is 500 code 10013 {@code An
 * unknown error has occurred}; the other faults are answered as on the worker host (the API sits
 * behind the same edge).
 *
 * <p>No answer that did not come from the function carries {@code Dapr-Compute-Protocol}. Knobs are
 * thread-safe and apply to the next request; {@link #reset()} restores the defaults: only {@value
 * #DEFAULT_WORKER_NAME} deployed (a placeholder script, workers.dev enabled), no rate limit.
 */
public final class CloudflareWorkersFake extends PlatformFake {
  /** The component type a provider for this platform registers. */
  public static final String TYPE = "compute.cloudflare.workers";

  /** The worker's name. */
  public static final String DEFAULT_WORKER_NAME = "dapr-fn";

  /** The account's workers.dev subdomain. */
  public static final String ACCOUNT_SUBDOMAIN = "dapr-compute-fake";

  /** The compatibility date Cloudflare assumes when an upload sets none. */
  public static final String DEFAULT_COMPATIBILITY_DATE = "2021-11-02";

  /** The main module of the placeholder script {@link #deploy(String)} puts in place. */
  public static final String PLACEHOLDER_MODULE = "placeholder.js";

  private static final String API = "/client/v4";
  private static final String WORKERS = "/workers/";
  private static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern ACCOUNT_ROUTE =
      Pattern.compile(
          "/accounts/([^/]+)/workers(/subdomain|/scripts(?:/([^/]+)(/settings|/subdomain)?)?)");
  private static final String HTML = "text/html; charset=UTF-8";

  private final String workerName;
  private final String accountId = FakeHttp.randomHex(16);
  private final String apiToken = FakeHttp.randomKey(30);
  private final String tokenId = FakeHttp.randomHex(16);
  private final Map<String, ScriptState> scripts = new ConcurrentHashMap<>();
  private volatile @Nullable Duration apiRateLimit;
  private volatile @Nullable String accountSubdomain = ACCOUNT_SUBDOMAIN;

  private CloudflareWorkersFake(ReferenceFunction function, String workerName) {
    super(function);
    this.workerName = workerName;
    deploy(workerName);
  }

  /** A fake Cloudflare in front of a new reference function for {@code audience}. */
  public static CloudflareWorkersFake start(String audience) {
    return new CloudflareWorkersFake(ReferenceFunction.create(audience), DEFAULT_WORKER_NAME);
  }

  /** A fake Cloudflare in front of {@code function}. */
  public static CloudflareWorkersFake start(ReferenceFunction function) {
    return new CloudflareWorkersFake(function, DEFAULT_WORKER_NAME);
  }

  /** The component's worker (script) name. */
  public String workerName() {
    return workerName;
  }

  /** {@code <base>/workers/<workerName>}: the {@code workerUrl} of a component. */
  public String workerUrl() {
    return workerUrl(workerName);
  }

  /** {@code <base>/workers/<script>}: where worker {@code script} answers. */
  public String workerUrl(String script) {
    return baseUrl() + WORKERS + script;
  }

  /** {@code <base>/client/v4}: the API base URL a provider must be pointed at. */
  public String apiBaseUrl() {
    return baseUrl() + API;
  }

  /** The account ID. */
  public String accountId() {
    return accountId;
  }

  /** The API token; a credential, never log it. */
  public String apiToken() {
    return apiToken;
  }

  /**
   * Deploys a placeholder script named {@code script} (main module {@value #PLACEHOLDER_MODULE}, no
   * bindings) with workers.dev enabled, replacing any script of that name: the worker answers.
   */
  public void deploy(String script) {
    requireScriptName(script);
    Instant now = now();
    byte[] source =
        "export default { async fetch(request, env) { /* placed by CloudflareWorkersFake.deploy */ } };\n"
            .getBytes(StandardCharsets.UTF_8);
    WorkerScript placeholder =
        new WorkerScript(
            script,
            PLACEHOLDER_MODULE,
            List.of(
                new WorkerModule(
                    PLACEHOLDER_MODULE, "application/javascript+module", Payload.wrap(source))),
            "2025-01-01",
            List.of(),
            List.of(),
            sha256(source),
            now,
            now);
    scripts.put(script, new ScriptState(placeholder, true, false, Map.of()));
  }

  /** Removes script {@code script}: the API says 10007 and the worker host has nothing there. */
  public void undeploy(String script) {
    scripts.remove(Objects.requireNonNull(script, "script == null"));
  }

  /**
   * Turns the workers.dev route of {@code script} on or off, as {@code POST .../subdomain} does.
   *
   * @throws IllegalStateException when no such script is deployed
   */
  public void workersDev(String script, boolean enabled) {
    ScriptState updated =
        scripts.computeIfPresent(
            script, (name, state) -> state.withWorkersDev(enabled, state.previews()));
    if (updated == null) {
      throw new IllegalStateException("no script '" + script + "' is deployed; deploy it first");
    }
  }

  /** Whether the workers.dev route of {@code script} is enabled (false when it is absent). */
  public boolean workersDevEnabled(String script) {
    ScriptState state = scripts.get(script);
    return state != null && state.workersDev();
  }

  /**
   * The script deployed as {@code script}, uploaded through the API or placed by {@link #deploy}.
   */
  public Optional<WorkerScript> uploadedScript(String script) {
    ScriptState state = scripts.get(script);
    return state == null ? Optional.empty() : Optional.of(state.script());
  }

  /** The names of the deployed scripts, sorted. */
  public List<String> scriptNames() {
    return scripts.keySet().stream().sorted().toList();
  }

  /**
   * Every API call answers 429 with {@code retry-after: <retryAfter>} until {@link
   * #stopRateLimitingApi()} or {@link #reset()}.
   */
  public void rateLimitApi(Duration retryAfter) {
    apiRateLimit = Objects.requireNonNull(retryAfter, "retryAfter == null");
  }

  /** Ends {@link #rateLimitApi(Duration)}. */
  public void stopRateLimitingApi() {
    apiRateLimit = null;
  }

  @Override
  public String componentType() {
    return TYPE;
  }

  @Override
  public ComponentMetadata.Builder component(String name) {
    return ComponentMetadata.builder(name, componentType())
        .put("workerUrl", workerUrl())
        .put("workerName", workerName)
        .put("accountId", accountId)
        .putSecret("apiToken", apiToken)
        .put("apiBaseUrl", apiBaseUrl())
        .putSecret("key", function().componentKey().privateKeyPem())
        .put("audience", function().audience());
  }

  /**
   * Sets the account's workers.dev subdomain ({@value #ACCOUNT_SUBDOMAIN} by default); {@code null}
   * makes it an account that never registered one: {@code GET .../workers/subdomain} is 404 code
   * 10007.
   */
  public void accountSubdomain(@Nullable String subdomain) {
    accountSubdomain = subdomain;
  }

  /**
   * Restores the defaults (only the component's worker deployed, as a placeholder; no rate limit;
   * the subdomain), then clears faults and records.
   */
  @Override
  public synchronized void reset() {
    apiRateLimit = null;
    accountSubdomain = ACCOUNT_SUBDOMAIN;
    scripts.clear();
    deploy(workerName);
    super.reset();
  }

  /** Registers this fake for {@link PlatformFakes}. */
  public static final class Factory implements PlatformFakeFactory {
    @Override
    public String componentType() {
      return TYPE;
    }

    @Override
    public PlatformFake start(ReferenceFunction function) {
      return CloudflareWorkersFake.start(function);
    }
  }

  // ------------------------------------------------------------------ what tests can read

  /**
   * A deployed script.
   *
   * @param name the script name
   * @param mainModule the main module's part name ({@code main_module})
   * @param modules every module, the main one included
   * @param compatibilityDate {@code compatibility_date}
   * @param compatibilityFlags {@code compatibility_flags}
   * @param bindings {@code bindings}, secrets included (see {@link WorkerBinding#toString()})
   * @param etag the etag of this version
   * @param createdOn when the script was first uploaded
   * @param modifiedOn when it last changed
   */
  public record WorkerScript(
      String name,
      String mainModule,
      List<WorkerModule> modules,
      String compatibilityDate,
      List<String> compatibilityFlags,
      List<WorkerBinding> bindings,
      String etag,
      Instant createdOn,
      Instant modifiedOn) {
    public WorkerScript {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(mainModule, "mainModule == null");
      modules = List.copyOf(modules);
      Objects.requireNonNull(compatibilityDate, "compatibilityDate == null");
      compatibilityFlags = List.copyOf(compatibilityFlags);
      bindings = List.copyOf(bindings);
      Objects.requireNonNull(etag, "etag == null");
      Objects.requireNonNull(createdOn, "createdOn == null");
      Objects.requireNonNull(modifiedOn, "modifiedOn == null");
    }

    /** The module named {@code name}. */
    public Optional<WorkerModule> module(String name) {
      return modules.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The main module. */
    public WorkerModule main() {
      return module(mainModule).orElseThrow();
    }

    /** The binding named {@code name}. */
    public Optional<WorkerBinding> binding(String name) {
      return bindings.stream().filter(b -> b.name().equals(name)).findFirst();
    }
  }

  /**
   * One module of a script.
   *
   * @param name the part name, as {@code main_module} and imports name it
   * @param contentType the part's content type, such as {@code application/javascript+module}
   * @param content the module's bytes
   */
  public record WorkerModule(String name, String contentType, Payload content) {
    public WorkerModule {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(contentType, "contentType == null");
      Objects.requireNonNull(content, "content == null");
    }
  }

  /**
   * One binding of a script, as uploaded.
   *
   * @param type {@code plain_text}, {@code secret_text}, {@code json}, {@code service}, ...
   * @param name the name the worker sees in {@code env}
   * @param definition the whole binding object as uploaded
   */
  public record WorkerBinding(String type, String name, Map<String, Object> definition) {
    public WorkerBinding {
      Objects.requireNonNull(type, "type == null");
      Objects.requireNonNull(name, "name == null");
      definition = Collections.unmodifiableMap(new LinkedHashMap<>(definition));
    }

    /** The {@code text} of a {@code plain_text} or {@code secret_text} binding. */
    public Optional<String> text() {
      Object text = definition.get("text");
      return text instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Type and name only: a {@code secret_text} binding holds a secret. */
    @Override
    public String toString() {
      return "WorkerBinding[" + type + " " + name + "]";
    }
  }

  // ------------------------------------------------------------------ the platform

  /** A script and its per-script toggles; immutable, replaced as a whole. */
  private record ScriptState(
      WorkerScript script, boolean workersDev, boolean previews, Map<String, Object> settings) {
    ScriptState withWorkersDev(boolean enabled, boolean previewsEnabled) {
      return new ScriptState(script, enabled, previewsEnabled, settings);
    }
  }

  /** A Cloudflare API error, written in the envelope. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int code;
    final String text;

    ApiError(int status, int code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.text = message;
    }
  }

  @Override
  protected Answer serve(RecordedCall call) {
    String path = call.path();
    if (path.equals(API) || path.startsWith(API + "/")) {
      try {
        return api(call, path.substring(API.length()));
      } catch (ApiError e) {
        return envelopeError(e.status, e.code, e.text, Metadata.empty());
      }
    }
    if (path.startsWith(WORKERS)) {
      String rest = path.substring(WORKERS.length());
      int slash = rest.indexOf('/');
      String script = slash >= 0 ? rest.substring(0, slash) : rest;
      ScriptState state = scripts.get(script);
      if (state == null || !state.workersDev()) {
        return nothingHere();
      }
      return Answer.from(
          callFunction(
              new FunctionHttpRequest(
                  call.method(),
                  slash >= 0 ? rest.substring(slash) : "/",
                  call.query(),
                  call.headers(),
                  call.body())));
    }
    return nothingHere();
  }

  private Answer api(RecordedCall call, String route) {
    Duration limited = apiRateLimit;
    if (limited != null) {
      return rateLimited(limited);
    }
    if (!FakeHttp.bearer(call.headers()).filter(apiToken::equals).isPresent()) {
      throw new ApiError(403, 10000, "Authentication error");
    }
    String method = call.method();
    if (route.equals("/user/tokens/verify") && method.equals("GET")) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("code", 10000);
      message.put("message", "This API Token is valid and active");
      message.put("type", null);
      return envelope(200, Map.of("id", tokenId, "status", "active"), List.of(message));
    }
    Matcher m = ACCOUNT_ROUTE.matcher(route);
    if (!m.matches()) {
      throw noRoute();
    }
    if (!m.group(1).equals(accountId)) {
      throw new ApiError(403, 10000, "Authentication error");
    }
    String script = m.group(3);
    String sub = m.group(4);
    if (m.group(2).equals("/subdomain")) {
      if (!method.equals("GET")) {
        throw noRoute();
      }
      String subdomain = accountSubdomain;
      if (subdomain == null) {
        throw new ApiError(404, 10007, "workers.dev subdomain not found");
      }
      return envelope(200, Map.of("subdomain", subdomain), List.of());
    }
    if (script == null) {
      if (!method.equals("GET")) {
        throw noRoute();
      }
      List<Map<String, Object>> list = new ArrayList<>();
      new TreeMap<>(scripts).values().forEach(state -> list.add(scriptSummary(state.script())));
      return envelope(200, list, List.of());
    }
    if (!SCRIPT_NAME.matcher(script).matches()) {
      throw noRoute();
    }
    if (sub == null) {
      return switch (method) {
        case "PUT" -> envelope(200, upload(script, call), List.of());
        case "DELETE" -> {
          if (scripts.remove(script) == null) {
            throw scriptNotFound();
          }
          yield envelope(200, null, List.of());
        }
        default -> throw noRoute();
      };
    }
    if (sub.equals("/settings")) {
      return switch (method) {
        case "GET" -> envelope(200, settings(existing(script)), List.of());
        case "PATCH" -> envelope(200, settings(patchSettings(script, call)), List.of());
        default -> throw noRoute();
      };
    }
    return switch (method) {
      case "GET" -> envelope(200, subdomain(existing(script)), List.of());
      case "POST" -> {
        JsonNode body = readJson(call.body(), 10021);
        existing(script);
        ScriptState updated =
            scripts.computeIfPresent(
                script,
                (name, state) ->
                    state.withWorkersDev(
                        body.path("enabled").asBoolean(state.workersDev()),
                        body.path("previews_enabled").asBoolean(state.previews())));
        if (updated == null) {
          throw scriptNotFound();
        }
        yield envelope(200, subdomain(updated), List.of());
      }
      case "DELETE" -> {
        existing(script);
        scripts.computeIfPresent(script, (name, state) -> state.withWorkersDev(false, false));
        yield envelope(200, null, List.of());
      }
      default -> throw noRoute();
    };
  }

  private ScriptState existing(String script) {
    ScriptState state = scripts.get(script);
    if (state == null) {
      throw scriptNotFound();
    }
    return state;
  }

  private static ApiError scriptNotFound() {
    return new ApiError(404, 10007, "workers.api.error.script_not_found");
  }

  private static ApiError noRoute() {
    return new ApiError(404, 7000, "No route for that URI");
  }

  private Map<String, Object> upload(String name, RecordedCall call) {
    List<FakeHttp.Part> parts;
    try {
      parts =
          FakeHttp.multipart(
              call.headers().first("content-type").orElse(""), call.body().unsafeArray());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, 10006, "could not parse the upload: " + e.getMessage());
    }
    FakeHttp.Part metadataPart =
        parts.stream()
            .filter(p -> p.name().equals("metadata"))
            .findFirst()
            .orElseThrow(() -> new ApiError(400, 10021, "the upload has no 'metadata' part"));
    JsonNode metadata = readJson(metadataPart.content(), 10006);
    String mainModule = metadata.path("main_module").asText("");
    if (mainModule.isEmpty()) {
      throw new ApiError(
          400, 10021, "metadata has no main_module (the fake takes module workers only)");
    }
    List<WorkerModule> modules = new ArrayList<>();
    for (FakeHttp.Part part : parts) {
      if (!part.name().equals("metadata")) {
        modules.add(new WorkerModule(part.name(), part.contentType(), part.content()));
      }
    }
    if (modules.stream().noneMatch(m -> m.name().equals(mainModule))) {
      throw new ApiError(
          400,
          10021,
          "No such module \"" + mainModule + "\": the main module needs a part of that name");
    }
    List<WorkerBinding> bindings = bindings(metadata.path("bindings"), List.of());
    for (WorkerBinding binding : bindings) {
      Object service = binding.definition().get("service");
      if (binding.type().equals("service")
          && !(service instanceof String target
              && (target.equals(name) || scripts.containsKey(target)))) {
        throw new ApiError(
            400,
            10143,
            "workers.api.error.service_binding_error: could not resolve binding \""
                + binding.name()
                + "\": script \""
                + service
                + "\" not found");
      }
    }
    Set<String> keep = new HashSet<>();
    metadata.path("keep_bindings").forEach(type -> keep.add(type.asText()));
    List<String> flags = new ArrayList<>();
    metadata.path("compatibility_flags").forEach(flag -> flags.add(flag.asText()));
    String date = metadata.path("compatibility_date").asText("");
    Instant now = now();
    String etag = sha256(call.body().unsafeArray());
    ScriptState stored =
        scripts.compute(
            name,
            (key, previous) -> {
              List<WorkerBinding> all = new ArrayList<>(bindings);
              if (previous != null) {
                for (WorkerBinding old : previous.script().bindings()) {
                  if (keep.contains(old.type())
                      && all.stream().noneMatch(b -> b.name().equals(old.name()))) {
                    all.add(old);
                  }
                }
              }
              WorkerScript script =
                  new WorkerScript(
                      name,
                      mainModule,
                      modules,
                      date.isEmpty() ? DEFAULT_COMPATIBILITY_DATE : date,
                      flags,
                      all,
                      etag,
                      previous != null ? previous.script().createdOn() : now,
                      now);
              return previous != null
                  ? new ScriptState(
                      script, previous.workersDev(), previous.previews(), previous.settings())
                  : new ScriptState(script, false, false, Map.of());
            });
    Map<String, Object> result = scriptSummary(stored.script());
    result.put("startup_time_ms", 0);
    result.put("deployment_id", UUID.randomUUID().toString());
    return result;
  }

  private static List<WorkerBinding> bindings(JsonNode array, List<WorkerBinding> previous) {
    if (!array.isMissingNode() && !array.isArray()) {
      throw new ApiError(400, 10021, "bindings must be an array");
    }
    List<WorkerBinding> bindings = new ArrayList<>();
    for (JsonNode binding : array) {
      String type = binding.path("type").asText("");
      String name = binding.path("name").asText("");
      if (type.isEmpty() || name.isEmpty()) {
        throw new ApiError(400, 10021, "every binding needs a type and a name");
      }
      Map<String, Object> definition =
          Json.MAPPER.convertValue(binding, new TypeReference<Map<String, Object>>() {});
      if (type.equals("secret_text") && !binding.has("text")) {
        Optional<WorkerBinding> old =
            previous.stream()
                .filter(b -> b.name().equals(name) && b.type().equals(type))
                .findFirst();
        if (old.isEmpty()) {
          throw new ApiError(400, 10021, "secret_text binding '" + name + "' has no text");
        }
        definition.put("text", old.get().text().orElse(""));
      }
      bindings.add(new WorkerBinding(type, name, definition));
    }
    return bindings;
  }

  private ScriptState patchSettings(String name, RecordedCall call) {
    ScriptState current = existing(name);
    String contentType = call.headers().first("content-type").orElse("");
    JsonNode patch;
    if (contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      List<FakeHttp.Part> parts;
      try {
        parts = FakeHttp.multipart(contentType, call.body().unsafeArray());
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, 10006, "could not parse the settings: " + e.getMessage());
      }
      FakeHttp.Part settings =
          parts.stream()
              .filter(p -> p.name().equals("settings"))
              .findFirst()
              .orElseThrow(() -> new ApiError(400, 10021, "the request has no 'settings' part"));
      patch = readJson(settings.content(), 10006);
    } else {
      patch = readJson(call.body(), 10006);
    }
    if (!patch.isObject()) {
      throw new ApiError(400, 10021, "settings must be a JSON object");
    }
    WorkerScript old = current.script();
    List<WorkerBinding> bindings =
        patch.has("bindings") ? bindings(patch.get("bindings"), old.bindings()) : old.bindings();
    String date =
        patch.has("compatibility_date")
            ? patch.get("compatibility_date").asText()
            : old.compatibilityDate();
    List<String> flags = old.compatibilityFlags();
    if (patch.has("compatibility_flags")) {
      List<String> fresh = new ArrayList<>();
      patch.get("compatibility_flags").forEach(flag -> fresh.add(flag.asText()));
      flags = fresh;
    }
    Map<String, Object> extra = new LinkedHashMap<>(current.settings());
    patch
        .properties()
        .forEach(
            field -> {
              if (!Set.of("bindings", "compatibility_date", "compatibility_flags")
                  .contains(field.getKey())) {
                extra.put(field.getKey(), Json.MAPPER.convertValue(field.getValue(), Object.class));
              }
            });
    WorkerScript updated =
        new WorkerScript(
            old.name(),
            old.mainModule(),
            old.modules(),
            date,
            flags,
            bindings,
            old.etag(),
            old.createdOn(),
            now());
    ScriptState next = new ScriptState(updated, current.workersDev(), current.previews(), extra);
    scripts.put(name, next);
    return next;
  }

  private static JsonNode readJson(Payload body, int code) {
    try {
      JsonNode node = Json.MAPPER.readTree(body.unsafeArray());
      if (node == null || node.isMissingNode()) {
        throw new ApiError(400, code, "the body is not JSON: it is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ApiError(400, code, "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiError(400, code, "the body is not JSON: " + e.getMessage());
    }
  }

  private static Map<String, Object> scriptSummary(WorkerScript script) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("id", script.name());
    summary.put("etag", script.etag());
    summary.put("handlers", List.of("fetch"));
    summary.put("has_modules", true);
    summary.put("created_on", script.createdOn().toString());
    summary.put("modified_on", script.modifiedOn().toString());
    summary.put("compatibility_date", script.compatibilityDate());
    summary.put("compatibility_flags", script.compatibilityFlags());
    summary.put("usage_model", "standard");
    return summary;
  }

  private static Map<String, Object> settings(ScriptState state) {
    WorkerScript script = state.script();
    List<Map<String, Object>> bindings = new ArrayList<>();
    for (WorkerBinding binding : script.bindings()) {
      Map<String, Object> shown = new LinkedHashMap<>(binding.definition());
      if (binding.type().equals("secret_text")) {
        shown.remove("text");
      }
      bindings.add(shown);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("bindings", bindings);
    settings.put("compatibility_date", script.compatibilityDate());
    settings.put("compatibility_flags", script.compatibilityFlags());
    settings.put("logpush", false);
    settings.put("placement", Map.of());
    settings.put("tags", List.of());
    settings.put("tail_consumers", List.of());
    settings.put("usage_model", "standard");
    settings.putAll(state.settings());
    return settings;
  }

  private static Map<String, Object> subdomain(ScriptState state) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("enabled", state.workersDev());
    result.put("previews_enabled", state.previews());
    return result;
  }

  private static Answer envelope(int status, @Nullable Object result, List<?> messages) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("errors", List.of());
    body.put("messages", messages);
    body.put("result", result);
    return FakeHttp.jsonAnswer(status, body, Metadata.empty());
  }

  private static Answer envelopeError(int status, int code, String message, Metadata headers) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("errors", List.of(error));
    body.put("messages", List.of());
    body.put("result", null);
    return FakeHttp.jsonAnswer(status, body, headers);
  }

  private static Answer rateLimited(Duration retryAfter) {
    return envelopeError(
        429,
        971,
        "Please wait and consider throttling your request speed",
        Metadata.of("retry-after", FakeHttp.retryAfterSeconds(retryAfter)));
  }

  private static Answer nothingHere() {
    return Answer.text(
        404,
        HTML,
        "<!DOCTYPE html>\n<html><head><title>There is nothing here yet</title></head><body>"
            + "<h1>There is nothing here yet</h1><p>If you expected to see something here, deploy a Worker to this route or"
            + " enable its workers.dev route.</p></body></html>\n");
  }

  private static String errorPage(String code, String title) {
    return "<!DOCTYPE html>\n<html><head><title>"
        + (code.isEmpty() ? "" : "Error " + code + " | ")
        + title
        + " | Cloudflare</title></head><body><h1><span>Error</span> <span>"
        + code
        + "</span></h1><h2>"
        + title
        + "</h2></body></html>\n";
  }

  @Override
  protected Answer answerFault(PlatformFault fault, RecordedCall call) {
    boolean api = call.path().equals(API) || call.path().startsWith(API + "/");
    if (api) {
      if (fault instanceof PlatformFault.NotFound) {
        return envelopeError(404, 10007, "workers.api.error.script_not_found", Metadata.empty());
      } else if (fault instanceof PlatformFault.Unauthorized
          || fault instanceof PlatformFault.Forbidden) {
        return envelopeError(403, 10000, "Authentication error", Metadata.empty());
      } else if (fault instanceof PlatformFault.Throttled t) {
        return rateLimited(t.retryAfter());
      } else if (fault instanceof PlatformFault.ServerError) {
        return envelopeError(500, 10013, "An unknown error has occurred", Metadata.empty());
      }
    }
    if (fault instanceof PlatformFault.NotFound) {
      return nothingHere();
    } else if (fault instanceof PlatformFault.Unauthorized) {
      return Answer.text(
          401,
          HTML,
          errorPage("", "Unauthorized: Cloudflare Access needs a valid identity or service token"));
    } else if (fault instanceof PlatformFault.Forbidden) {
      return Answer.text(
          403, HTML, errorPage("", "Forbidden. You don't have permission to view this."));
    } else if (fault instanceof PlatformFault.Throttled t) {
      return Answer.of(
          429,
          Metadata.of(
              "content-type", HTML, "retry-after", FakeHttp.retryAfterSeconds(t.retryAfter())),
          Payload.ofUtf8(errorPage("1015", "You are being rate limited")));
    } else if (fault instanceof PlatformFault.ServerError) {
      return Answer.text(500, HTML, errorPage("1101", "Worker threw exception"));
    } else if (fault instanceof PlatformFault.ColdStart c) {
      return Answer.text(503, HTML, errorPage("1102", "Worker exceeded resource limits"))
          .after(c.delay());
    } else if (fault instanceof PlatformFault.GatewayTimeout) {
      return Answer.text(524, HTML, errorPage("524", "A timeout occurred"));
    } else if (fault instanceof PlatformFault.ConnectionReset) {
      return Answer.connectionReset();
    } else {
      return Answer.text(
          200, HTML, "<!DOCTYPE html>\n<html><body><h1>Under maintenance</h1></body></html>\n");
    }
  }

  private static void requireScriptName(String script) {
    Objects.requireNonNull(script, "script == null");
    if (!SCRIPT_NAME.matcher(script).matches()) {
      throw new IllegalArgumentException(
          "a script name is letters, digits, '-' and '_', was '" + script + "'");
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
