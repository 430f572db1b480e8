package dev.daprcompute.testkit;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An Azure Functions app in front of the function, for {@code compute.azure.functions}: the app is
 * served at {@link #baseUrl()} and the function is an HTTP trigger with authLevel {@code function}
 * and a catch-all route, {@code /api/<functionName>/{*path}}. It behaves as the project's platform
 * research (platforms.md, section A) records the Functions host (v4).
 *
 * <h2>Component metadata (what a future {@code compute.azure.functions} provider reads)</h2>
 *
 * <table>
 *   <caption>{@link #component(String)}</caption>
 *   <tr><th>field</th><th>value</th></tr>
 *   <tr><td>{@code endpoint}</td><td>{@code <base>/api/<functionName>} ({@link #endpoint()})</td></tr>
 *   <tr><td>{@code functionKey} (secret)</td><td>the function key, sent in {@code x-functions-key}</td></tr>
 *   <tr><td>{@code masterKey} (secret, optional for a provider)</td><td>the master key, for the admin API
 *       checks; included because the fake serves the admin API</td></tr>
 *   <tr><td>{@code key} (secret), {@code audience}</td><td>from the {@link ReferenceFunction}</td></tr>
 * </table>
 *
 * <h2>Behaviour</h2>
 *
 * <ul>
 *   <li>Function calls: the key is read from header {@code x-functions-key}, else from query {@code
 *       code} (the header wins, even when it is wrong). The function key and the master key both
 *       authorize a call. A missing or wrong key is 401 with an empty body; a name other than the
 *       function's (compared without regard to case, as ASP.NET routes are) is 404 with an empty
 *       body; a disabled function is 404 unless called with the master key. The path after {@code
 *       /api/<functionName>} and the query (with {@code code}, if sent) reach the function
 *       unchanged, and so do all headers, {@code Authorization} included.
 *   <li>Admin API, with the master key (header or {@code code}): {@code GET /admin/host/status}
 *       (HostStatus JSON: {@code id}, {@code state}, {@code version} {@value #RUNTIME_VERSION},
 *       {@code versionDetails}, {@code instanceId}, {@code computerName}, {@code processUptime},
 *       {@code functionAppContentEditingState}, and {@code errors} in state {@code Error}), {@code
 *       GET /admin/functions} and {@code GET /admin/functions/<name>} (FunctionMetadataResponse
 *       JSON; 404 for another name), {@code GET /admin/functions/<name>/status} ({@code {}}). No
 *       key, or a key the app does not know, is 401; the function key is 403. {@code GET|POST
 *       /admin/host/ping} needs no key (200, empty). Other admin paths are 404.
 *   <li>{@link #adminIsolation(boolean)}: every {@code /admin} call is 403 with an empty body, even
 *       with the master key (what {@code functionsRuntimeAdminIsolationEnabled} does to calls from
 *       outside).
 *   <li>{@link #stopApp()}: every request is 403 {@code text/html} "Error 403 - This web app is
 *       stopped." (what Azure serves for a stopped or quota-exhausted app).
 *   <li>{@link #hostState(String)}: the HostStatus {@code state}. In any state but {@code Running}
 *       function calls and admin calls other than status and ping are 503 {@code Function host is
 *       not running.} ({@code Offline}: 503 {@code text/html}, the app_offline page). The real host
 *       first waits up to 30 s for a running host; the fake answers at once (its choice).
 *   <li>Paths outside {@code /api} and {@code /admin} are 404 with an empty body (the fake's
 *       choice: Azure would serve its home page at {@code /}).
 * </ul>
 *
 * <h2>Faults ({@link #failNext}), in Azure's words</h2>
 *
 * <table>
 *   <caption>How each fault is answered</caption>
 *   <tr><th>fault</th><th>answer</th></tr>
 *   <tr><td>notFound</td><td>404, empty body</td></tr>
 *   <tr><td>unauthorized</td><td>401, empty body</td></tr>
 *   <tr><td>forbidden</td><td>403 {@code text/html} "Error 403 - This web app is stopped."</td></tr>
 *   <tr><td>throttled</td><td>429, {@code X-FUNCTION-SCALEOUT: 1}, {@code Retry-After} (whole seconds,
 *       rounded up), empty body</td></tr>
 *   <tr><td>serverError</td><td>500, empty body (the fake's choice for an unhandled host error)</td></tr>
 *   <tr><td>coldStart</td><td>the delay, then 503 {@code text/plain} {@code Function host is not running.}</td></tr>
 *   <tr><td>gatewayTimeout</td><td>502 {@code text/html} (the front end's 230 s cut-off answers 502, not
 *       504; the page text is the fake's choice)</td></tr>
 *   <tr><td>connectionReset</td><td>the connection is reset</td></tr>
 *   <tr><td>malformedBody</td><td>200 {@code text/html}, an app home page (the fake's choice)</td></tr>
 * </table>
 *
 * <p>No answer that did not come from the function carries {@code Dapr-Compute-Protocol}. Knobs are
 * thread-safe and apply to the next request; {@link #reset()} restores the defaults (function
 * enabled, app started, host {@code Running}, no admin isolation).
 */
public final class AzureFunctionsFake extends PlatformFake {
  /** The component type a provider for this platform registers. */
  public static final String TYPE = "compute.azure.functions";

  /** The function's name, as in {@code /api/dapr} (protocol.md section 6's example). */
  public static final String DEFAULT_FUNCTION_NAME = "dapr";

  /** The Functions runtime version the admin API reports. */
  public static final String RUNTIME_VERSION = "4.1036.1.1";

  /** The HostStatus states of the Functions host. */
  public static final Set<String> HOST_STATES =
      Set.of(
          "Default",
          "Starting",
          "Initialized",
          "Running",
          "Error",
          "Stopping",
          "Stopped",
          "Offline");

  private static final String HOST_NOT_RUNNING = "Function host is not running.";
  private static final String STOPPED_PAGE =
      "<!DOCTYPE html>\n<html><head><title>Error 403 - This web app is stopped."
          + "</title></head><body><h1>Error 403 - This web app is stopped.</h1><p>The web app you have attempted to reach is"
          + " currently stopped and does not accept any requests.</p></body></html>\n";
  private static final String OFFLINE_PAGE =
      "<!DOCTYPE html>\n<html><head><title>Site under construction</title></head>"
          + "<body><h1>This app is offline.</h1></body></html>\n";
  private static final String BAD_GATEWAY_PAGE =
      "<!DOCTYPE html>\n<html><head><title>502 - Web server received an invalid"
          + " response while acting as a gateway or proxy server.</title></head><body><h1>502 - Web server received an invalid"
          + " response while acting as a gateway or proxy server.</h1></body></html>\n";
  private static final String HOME_PAGE =
      "<!DOCTYPE html>\n<html><head><title>Azure Functions</title></head><body>"
          + "<h1>Your Functions 4.0 app is up and running</h1></body></html>\n";

  private final String functionName;
  private final String functionKey = FakeHttp.randomKey(32);
  private final String masterKey = FakeHttp.randomKey(32);
  private final String instanceId = FakeHttp.randomHex(16);
  private final long startedAt = System.nanoTime();
  private volatile boolean disabled;
  private volatile boolean stopped;
  private volatile boolean adminIsolation;
  private volatile String hostState = "Running";

  private AzureFunctionsFake(ReferenceFunction function, String functionName) {
    super(function);
    this.functionName = functionName;
  }

  /** A fake function app in front of a new reference function for {@code audience}. */
  public static AzureFunctionsFake start(String audience) {
    return new AzureFunctionsFake(ReferenceFunction.create(audience), DEFAULT_FUNCTION_NAME);
  }

  /** A fake function app in front of {@code function}. */
  public static AzureFunctionsFake start(ReferenceFunction function) {
    return new AzureFunctionsFake(function, DEFAULT_FUNCTION_NAME);
  }

  /** The HTTP trigger's name: the segment after {@code /api}. */
  public String functionName() {
    return functionName;
  }

  /**
   * {@code <base>/api/<functionName>}: the {@code endpoint} of a compute.azure.functions component.
   */
  public String endpoint() {
    return baseUrl() + "/api/" + functionName;
  }

  /** The function key ({@code functionKey}); a credential, never log it. */
  public String functionKey() {
    return functionKey;
  }

  /** The master key ({@code _master}, {@code masterKey}); a credential, never log it. */
  public String masterKey() {
    return masterKey;
  }

  /**
   * Disables the function: calls are 404 unless they carry the master key; the admin API says
   * {@code isDisabled}.
   */
  public void disableFunction() {
    disabled = true;
  }

  /** Enables the function again. */
  public void enableFunction() {
    disabled = false;
  }

  /**
   * Turns admin isolation ({@code functionsRuntimeAdminIsolationEnabled}) on or off: when on, every
   * {@code /admin} call from outside is 403 with an empty body, even with the master key (ping
   * included: the fake's choice). Function calls are not affected.
   */
  public void adminIsolation(boolean on) {
    adminIsolation = on;
  }

  /**
   * Stops the app: every request is 403 "This web app is stopped." until {@link #startApp()} or
   * {@link #reset()}.
   */
  public void stopApp() {
    stopped = true;
  }

  /** Starts the app again. */
  public void startApp() {
    stopped = false;
  }

  /**
   * Sets the host's state, one of {@link #HOST_STATES} (such as {@code Starting}); anything but
   * {@code Running} makes function calls 503.
   *
   * @throws IllegalArgumentException for another state
   */
  public void hostState(String state) {
    Objects.requireNonNull(state, "state == null");
    if (!HOST_STATES.contains(state)) {
      throw new IllegalArgumentException(
          "unknown host state '" + state + "': use one of " + HOST_STATES);
    }
    hostState = state;
  }

  /** The host's state as the admin API reports it. */
  public String hostState() {
    return hostState;
  }

  @Override
  public String componentType() {
    return TYPE;
  }

  @Override
  public ComponentMetadata.Builder component(String name) {
    return ComponentMetadata.builder(name, componentType())
        .put("endpoint", endpoint())
        .putSecret("functionKey", functionKey)
        .putSecret("masterKey", masterKey)
        .putSecret("key", function().componentKey().privateKeyPem())
        .put("audience", function().audience());
  }

  /**
   * Restores the defaults (function enabled, app started, host {@code Running}, no admin
   * isolation), then clears faults and records.
   */
  @Override
  public synchronized void reset() {
    disabled = false;
    stopped = false;
    adminIsolation = false;
    hostState = "Running";
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
      return AzureFunctionsFake.start(function);
    }
  }

  // ------------------------------------------------------------------ the platform

  @Override
  protected Answer serve(RecordedCall call) {
    if (stopped) {
      return Answer.text(403, "text/html", STOPPED_PAGE);
    }
    String path = call.path();
    String lower = path.toLowerCase(Locale.ROOT);
    boolean admin = lower.equals("/admin") || lower.startsWith("/admin/");
    if (admin && adminIsolation) {
      return Answer.empty(403);
    }
    if (lower.equals("/admin/host/ping")) {
      return call.method().equals("GET") || call.method().equals("POST")
          ? Answer.empty(200)
          : Answer.empty(405);
    }
    if (admin) {
      return admin(call, lower);
    }
    if (lower.startsWith("/api/")) {
      return invoke(call);
    }
    return Answer.empty(404);
  }

  private Answer invoke(RecordedCall call) {
    String rest = call.path().substring("/api/".length());
    int slash = rest.indexOf('/');
    String name = slash >= 0 ? rest.substring(0, slash) : rest;
    if (!name.equalsIgnoreCase(functionName)) {
      return Answer.empty(404);
    }
    Answer unavailable = unavailable();
    if (unavailable != null) {
      return unavailable;
    }
    Optional<String> key = presentedKey(call);
    boolean master = key.filter(masterKey::equals).isPresent();
    if (disabled && !master) {
      return Answer.empty(404);
    }
    if (!master && key.filter(functionKey::equals).isEmpty()) {
      return Answer.empty(401);
    }
    String functionPath = slash >= 0 ? rest.substring(slash) : "/";
    return Answer.from(
        callFunction(
            new FunctionHttpRequest(
                call.method(), functionPath, call.query(), call.headers(), call.body())));
  }

  private Answer admin(RecordedCall call, String lower) {
    Optional<String> key = presentedKey(call);
    if (key.isEmpty()) {
      return Answer.empty(401);
    }
    if (!key.get().equals(masterKey)) {
      return key.get().equals(functionKey) ? Answer.empty(403) : Answer.empty(401);
    }
    if (!call.method().equals("GET")) {
      return Answer.empty(405);
    }
    if (lower.equals("/admin/host/status")) {
      return FakeHttp.jsonAnswer(200, hostStatus(), Metadata.empty());
    }
    Answer unavailable = unavailable();
    if (unavailable != null) {
      return unavailable;
    }
    if (lower.equals("/admin/functions")) {
      return FakeHttp.jsonAnswer(200, List.of(functionMetadata()), Metadata.empty());
    }
    String prefix = "/admin/functions/";
    if (lower.startsWith(prefix)) {
      String rest = call.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      String name = slash >= 0 ? rest.substring(0, slash) : rest;
      String sub = slash >= 0 ? rest.substring(slash) : "";
      if (!name.equalsIgnoreCase(functionName)) {
        return Answer.empty(404);
      }
      if (sub.isEmpty()) {
        return FakeHttp.jsonAnswer(200, functionMetadata(), Metadata.empty());
      }
      if (sub.equalsIgnoreCase("/status")) {
        return FakeHttp.jsonAnswer(200, Map.of(), Metadata.empty());
      }
    }
    return Answer.empty(404);
  }

  /** The host's 503 when it is not running; null when it is. */
  private @Nullable Answer unavailable() {
    String state = hostState;
    if (state.equals("Running")) {
      return null;
    }
    return state.equals("Offline")
        ? Answer.text(503, "text/html", OFFLINE_PAGE)
        : Answer.text(503, "text/plain; charset=utf-8", HOST_NOT_RUNNING);
  }

  /**
   * The key as the host's AuthenticationLevelHandler reads it: the header first, else {@code code}.
   */
  private static Optional<String> presentedKey(RecordedCall call) {
    Optional<String> header = call.headers().first("x-functions-key");
    if (header.isPresent()) {
      return header;
    }
    return FakeHttp.queryParam(call.query(), "code");
  }

  private Map<String, Object> hostStatus() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("id", "dapr-compute-fake");
    status.put("state", hostState);
    status.put("version", RUNTIME_VERSION);
    status.put("versionDetails", RUNTIME_VERSION);
    if (hostState.equals("Error")) {
      status.put(
          "errors", List.of("The host is in state Error (set with AzureFunctionsFake.hostState)."));
    }
    status.put("instanceId", instanceId);
    status.put("computerName", "dapr-compute-fake");
    status.put("processUptime", (System.nanoTime() - startedAt) / 1_000_000);
    status.put("functionAppContentEditingState", "NotAllowed");
    return status;
  }

  private Map<String, Object> functionMetadata() {
    String base = baseUrl();
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", "httpTrigger");
    trigger.put("direction", "in");
    trigger.put("name", "req");
    trigger.put("authLevel", "function");
    trigger.put("methods", List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"));
    trigger.put("route", functionName + "/{*path}");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "http");
    out.put("direction", "out");
    out.put("name", "$return");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("scriptFile", "../dapr-function.jar");
    config.put("entryPoint", "com.example.DaprFunction.run");
    config.put("bindings", List.of(trigger, out));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", functionName);
    metadata.put("script_root_path_href", base + "/admin/vfs/site/wwwroot/" + functionName + "/");
    metadata.put("script_href", base + "/admin/vfs/site/wwwroot/dapr-function.jar");
    metadata.put(
        "config_href", base + "/admin/vfs/site/wwwroot/" + functionName + "/function.json");
    metadata.put(
        "test_data_href", base + "/admin/vfs/data/Functions/sampledata/" + functionName + ".dat");
    metadata.put("href", base + "/admin/functions/" + functionName);
    metadata.put("invoke_url_template", base + "/api/" + functionName + "/{*path}");
    metadata.put("language", "java");
    metadata.put("config", config);
    metadata.put("test_data", "");
    metadata.put("isDisabled", disabled);
    metadata.put("isDirect", false);
    metadata.put("isProxy", false);
    return metadata;
  }

  @Override
  protected Answer answerFault(PlatformFault fault, RecordedCall call) {
    if (fault instanceof PlatformFault.NotFound) {
      return Answer.empty(404);
    } else if (fault instanceof PlatformFault.Unauthorized) {
      return Answer.empty(401);
    } else if (fault instanceof PlatformFault.Forbidden) {
      return Answer.text(403, "text/html", STOPPED_PAGE);
    } else if (fault instanceof PlatformFault.Throttled t) {
      return Answer.of(
          429,
          Metadata.builder()
              .add("X-FUNCTION-SCALEOUT", "1")
              .add("retry-after", FakeHttp.retryAfterSeconds(t.retryAfter()))
              .build(),
          Payload.empty());
    } else if (fault instanceof PlatformFault.ServerError) {
      return Answer.empty(500);
    } else if (fault instanceof PlatformFault.ColdStart c) {
      return Answer.text(503, "text/plain; charset=utf-8", HOST_NOT_RUNNING).after(c.delay());
    } else if (fault instanceof PlatformFault.GatewayTimeout) {
      return Answer.text(502, "text/html", BAD_GATEWAY_PAGE);
    } else if (fault instanceof PlatformFault.ConnectionReset) {
      return Answer.connectionReset();
    } else {
      return Answer.text(200, "text/html", HOME_PAGE);
    }
  }
}
