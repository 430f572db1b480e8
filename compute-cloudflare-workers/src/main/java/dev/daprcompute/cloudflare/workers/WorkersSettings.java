package dev.daprcompute.cloudflare.workers;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.HeaderSecrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The {@code compute.cloudflare.workers} metadata of one component, checked: every problem is
 * reported at once, naming its field, and the API token appears in no message.
 *
 * @param mode how the worker came to be and what init may do with the Cloudflare API
 * @param workerUrl the worker's base URL, when given ({@code null}: the workers.dev URL, found at
 *     init)
 * @param workerName the worker's (script's) name, if given; always set outside {@link Mode#DIRECT}
 * @param functionName the worker's name for messages and as the default audience: {@code
 *     workerName}, else the script of a workers.dev {@code workerUrl}, else (with {@code audience}
 *     set) the URL
 * @param accountId the Cloudflare account ID (lower-case hex), outside {@link Mode#DIRECT}
 * @param apiToken the API token, outside {@link Mode#DIRECT}
 * @param apiBaseUrl the Cloudflare API's base URL
 * @param targetWorker the user's worker behind the jump worker, in {@link Mode#MANAGED}
 */
record WorkersSettings(
    Mode mode,
    @Nullable HttpUrl workerUrl,
    @Nullable String workerName,
    String functionName,
    @Nullable String accountId,
    @Nullable SecretValue apiToken,
    HttpUrl apiBaseUrl,
    @Nullable String targetWorker) {

  static final String WORKER_URL = "workerUrl";
  static final String WORKER_NAME = "workerName";
  static final String ACCOUNT_ID = "accountId";
  static final String API_TOKEN = "apiToken";
  static final String API_BASE_URL = "apiBaseUrl";
  static final String TARGET_WORKER = "targetWorker";

  /** Cloudflare's API. */
  static final String DEFAULT_API_BASE_URL = "https://api.cloudflare.com/client/v4";

  /**
   * What Cloudflare accepts as a Worker name that is also a workers.dev host label: lower-case
   * letters, digits, '-' and '_', at most 63, starting with a letter or digit.
   */
  private static final Pattern SCRIPT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private static final Pattern ACCOUNT = Pattern.compile("[0-9a-f]{32}");
  private static final String WORKERS_DEV = ".workers.dev";

  /** How the worker came to be. */
  enum Mode {
    /** {@code workerUrl} alone: a worker the user deployed; init uses no API. */
    DIRECT,
    /**
     * {@code accountId}, {@code apiToken} and {@code workerName} without {@code targetWorker}: a
     * worker the user deployed, which init checks through the API (the token works, the script
     * exists, its workers.dev route is on) but never changes.
     */
    CHECKED,
    /**
     * With {@code targetWorker} too: init deploys the bundled jump worker in front of the user's
     * worker when it is missing or older, and keeps its keys, audience and target up to date.
     */
    MANAGED
  }

  /** Whether init may call the Cloudflare API. */
  boolean usesApi() {
    return mode != Mode.DIRECT;
  }

  /**
   * Reads and checks {@code metadata}.
   *
   * @throws ComputeConfigurationException naming every problem
   */
  static WorkersSettings read(ComponentMetadata metadata) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    HttpUrl workerUrl =
        metadata
            .uri(WORKER_URL)
            .map(uri -> BaseUrls.read(metadata, WORKER_URL, uri, problems))
            .orElse(null);
    String workerName = scriptName(metadata, WORKER_NAME, problems);
    String targetWorker = scriptName(metadata, TARGET_WORKER, problems);
    String accountId =
        metadata.string(ACCOUNT_ID).map(id -> id.toLowerCase(Locale.ROOT)).orElse(null);
    if (accountId != null && !ACCOUNT.matcher(accountId).matches()) {
      problems.add(
          metadata.problem(
              ACCOUNT_ID,
              "is not a Cloudflare account ID (32 hexadecimal digits)",
              "copy the Account ID from the Cloudflare dashboard (Workers & Pages, right-hand side)"));
    }
    SecretValue apiToken =
        HeaderSecrets.read(
            metadata, API_TOKEN, "paste the token exactly as the dashboard showed it", problems);
    URI apiBase = metadata.uri(API_BASE_URL).orElse(URI.create(DEFAULT_API_BASE_URL));
    HttpUrl apiBaseUrl = BaseUrls.read(metadata, API_BASE_URL, apiBase, problems);

    Mode mode =
        mode(
            metadata,
            workerUrl != null || metadata.has(WORKER_URL),
            workerName != null || metadata.has(WORKER_NAME),
            accountId != null,
            metadata.has(API_TOKEN),
            targetWorker != null || metadata.has(TARGET_WORKER),
            problems);
    if (workerName != null && workerName.equals(targetWorker)) {
      problems.add(
          metadata.problem(
              TARGET_WORKER,
              "names the same worker as workerName ('" + workerName + "')",
              "targetWorker is the user's worker and workerName the jump worker in front of it: give the jump worker a"
                  + " name of its own, such as "
                  + workerName
                  + "-dapr"));
    }

    String functionName = workerName;
    if (functionName == null && workerUrl != null) {
      String host = workerUrl.host().toLowerCase(Locale.ROOT);
      if (host.endsWith(WORKERS_DEV) && host.indexOf('.') < host.length() - WORKERS_DEV.length()) {
        functionName = host.substring(0, host.indexOf('.')); // <script>.<subdomain>.workers.dev
      } else if (metadata.has("audience")) {
        functionName = BaseUrls.display(workerUrl);
      } else {
        problems.add(
            metadata.problem(
                WORKER_NAME,
                "is not set, and workerUrl '"
                    + BaseUrls.display(workerUrl)
                    + "' is not a workers.dev URL that names the worker",
                "set workerName to the worker's name (the default token audience), or set audience"));
      }
    }
    if (!problems.isEmpty() || apiBaseUrl == null || functionName == null) {
      throw new ComputeConfigurationException(problems);
    }
    return new WorkersSettings(
        mode, workerUrl, workerName, functionName, accountId, apiToken, apiBaseUrl, targetWorker);
  }

  private static Mode mode(
      ComponentMetadata metadata,
      boolean workerUrl,
      boolean workerName,
      boolean accountId,
      boolean apiToken,
      boolean targetWorker,
      List<ConfigurationProblem> problems) {
    if (targetWorker || accountId || apiToken) {
      Mode mode = targetWorker ? Mode.MANAGED : Mode.CHECKED;
      String why =
          targetWorker
              ? "with targetWorker set, the provider deploys the jump worker through the Cloudflare API"
              : "accountId and apiToken let init check the worker through the Cloudflare API";
      if (!accountId) {
        problems.add(
            metadata.problem(
                ACCOUNT_ID, "is required: " + why, "set it to the account's ID (32 hex digits)"));
      }
      if (!apiToken) {
        problems.add(
            metadata.problem(
                API_TOKEN,
                "is required: " + why,
                "set it to an API token with Workers Scripts: "
                    + (targetWorker ? "Edit" : "Read")
                    + " on the account, with secretKeyRef"));
      }
      if (!workerName) {
        problems.add(
            metadata.problem(
                WORKER_NAME,
                "is required: " + why,
                targetWorker
                    ? "set it to the name the jump worker gets, such as orders-dapr"
                    : "set it to the worker's name"));
      }
      return mode;
    }
    if (!workerUrl) {
      problems.add(
          metadata.problem(
              WORKER_URL,
              "is required unless the Cloudflare API is configured",
              "set workerUrl to the URL of a worker you deployed (the jump worker, or a worker built on the JavaScript SDK),"
                  + " or set accountId, apiToken, workerName and targetWorker to have the provider deploy the jump worker"));
    }
    if (metadata.has(API_BASE_URL)) {
      problems.add(
          metadata.problem(
              API_BASE_URL,
              "is set, but nothing calls the Cloudflare API without accountId and" + " apiToken",
              "remove it, or set accountId and apiToken"));
    }
    return Mode.DIRECT;
  }

  private static @Nullable String scriptName(
      ComponentMetadata metadata, String field, List<ConfigurationProblem> problems) {
    Optional<String> name = metadata.string(field);
    if (name.isEmpty()) {
      return null;
    }
    if (!SCRIPT_NAME.matcher(name.get()).matches()) {
      problems.add(
          metadata.problem(
              field,
              "'" + name.get() + "' is not a Cloudflare Worker name",
              "use lower-case letters, digits, '-' and '_' (at most 63), starting with a letter or digit"));
      return null;
    }
    return name.get();
  }

  /** Everything but the API token. */
  @Override
  public String toString() {
    return "WorkersSettings[mode="
        + mode
        + ", workerUrl="
        + (workerUrl == null ? "(workers.dev)" : BaseUrls.display(workerUrl))
        + ", workerName="
        + workerName
        + ", accountId="
        + accountId
        + ", apiToken="
        + (apiToken == null ? "none" : "[redacted]")
        + ", apiBaseUrl="
        + BaseUrls.display(apiBaseUrl)
        + ", targetWorker="
        + targetWorker
        + "]";
  }
}
