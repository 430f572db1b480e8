package dev.daprcompute.azure.functions;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.Feature;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.internal.ByteSize;
import dev.daprcompute.api.protocol.FunctionRequest;
import dev.daprcompute.api.protocol.HttpRequests;
import dev.daprcompute.api.protocol.PlatformResponse;
import dev.daprcompute.api.protocol.PlatformResponse.PlatformError;
import dev.daprcompute.api.protocol.PlatformTransport;
import dev.daprcompute.api.protocol.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Azure Functions as a {@link PlatformTransport}: each request goes to the HTTP trigger as it is,
 * below {@code endpoint}, with the function key in {@code x-functions-key}; answers without the
 * function's marker become {@link PlatformError}s in Azure's words ({@link AzureReplies}). With a
 * master key, {@link #checkPlatform} runs the {@link AdminChecks}.
 *
 * <p>Thread-safe; created once per component.
 */
final class AzureFunctionsTransport implements PlatformTransport {
  /** The header the Functions host reads a key from first (before any {@code code} query). */
  static final String KEY_HEADER = "x-functions-key";

  private final AzureSettings settings;
  private final OkHttpClient client;
  private final @Nullable AdminChecks admin;

  private AzureFunctionsTransport(AzureSettings settings, OkHttpClient client, @Nullable AdminChecks admin) {
    this.settings = settings;
    this.client = client;
    this.admin = admin;
  }

  /** The transport of a {@code compute.azure.functions} component (the provider's factory). */
  static AzureFunctionsTransport create(ComponentMetadata metadata, ComputeContext context) {
    AzureSettings settings = AzureSettings.read(metadata);
    OkHttpClient client = settings.trust() == null ? context.httpClient()
        : PrivateCa.trusting(context.httpClient(), settings.trust());
    AdminChecks admin = settings.masterKey() == null ? null
        : new AdminChecks(metadata.name(), settings, client, context.clock());
    return new AzureFunctionsTransport(settings, client, admin);
  }

  AzureSettings settings() {
    return settings;
  }

  @Override
  public String platformName() {
    return "Azure Functions";
  }

  /** The last segment of the endpoint's path: the default audience, and the name the admin checks look up. */
  @Override
  public String functionName() {
    return settings.functionName();
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public Set<Feature> features() {
    return admin == null ? Set.of() : Set.of(Feature.PLATFORM_CHECKS);
  }

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    long size = request.body().size();
    // SPI v2: a platform's request limit could be declared (a number) and enforced with the same
    // message as maxBodySize by the RequestFactory, instead of each transport writing its own.
    if (size > AzureReplies.MAX_REQUEST_BODY) {
      throw new ComputeRequestException("the " + request.operation().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " request " + request.verb() + " " + request.path() + " carries " + ByteSize.format(size) + " ("
          + size + " bytes), over Azure Functions' limit of 100 MB (" + AzureReplies.MAX_REQUEST_BODY
          + " bytes) for an HTTP request body: send less, or pass large data by reference (a Blob Storage URL, say)");
    }
    // header(), not addHeader(): whatever a caller's metadata said, the key is ours and is sent once.
    return HttpRequests.below(settings.endpoint(), request)
        .header(KEY_HEADER, settings.functionKey().reveal())
        .build();
  }

  @Override
  public PlatformResponse fromHttpResponse(FunctionRequest request, int status, Metadata headers, Payload body) {
    if (headers.contains(Protocol.MARKER_HEADER)) {
      return PlatformResponse.of(status, headers, body);
    }
    PlatformError error = AzureReplies.meaning(status, headers, body.unsafeArray(), AzureReplies.Key.FUNCTION,
        settings.functionName());
    return error == null ? PlatformResponse.of(status, headers, body) : new PlatformResponse(status, headers, body, error);
  }

  /**
   * With a master key, the {@link AdminChecks}; without one, two skipped checks that say so (the
   * info call that follows still proves the function is there).
   */
  @Override
  public List<InitCheck> checkPlatform(Duration timeout) {
    if (admin == null) {
      String why = "no " + AzureSettings.MASTER_KEY + " set (set it to have init check the Functions host and the "
          + "function through the admin API)";
      return List.of(InitCheck.skipped("hostStatus", why), InitCheck.skipped("functionStatus", why));
    }
    return admin.run(timeout);
  }

  @Override
  public String toString() {
    return "AzureFunctionsTransport[" + settings + "]";
  }
}
