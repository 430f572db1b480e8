package dev.daprcompute.api.http;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.PlatformChecks;
import dev.daprcompute.api.spi.PlatformErrorReader;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.RequestDecorator;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The plain HTTP transport: each protocol request goes as it is to the base URL plus its path, and
 * each reply is taken as it is. {@code compute.http} uses it alone; a platform reached at a URL
 * (Azure Functions, OpenFaaS, Cloudflare Workers, Lambda Function URLs) adds its credentials with a
 * {@link RequestDecorator}, its errors with a {@link PlatformErrorReader}, and its own init checks
 * with {@link PlatformChecks}:
 *
 * <pre>{@code
 * HttpTransport.builder(functionUrl, client)
 *     .platformName("the Lambda Function URL")
 *     .decorator(sigV4)                      // signs each request when it starts
 *     .platformErrors(LambdaErrors::urlError) // x-amzn-ErrorType, a crash's bare 502
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpTransport implements PlatformTransport {
  private final HttpUrl baseUrl;
  private final OkHttpClient client;
  private final String platformName;
  private final String functionName;
  private final @Nullable RequestDecorator decorator;
  private final @Nullable PlatformErrorReader platformErrors;
  private final @Nullable PlatformChecks checks;
  private final long requestLimit;
  private final String requestLimitName;
  private final String requestLimitAdvice;
  private final Map<Reason, String> advice;
  private final Set<Feature> features;
  private final List<String> locationFields;
  private final @Nullable AutoCloseable resource;

  /**
   * The URLs of paths called without a query, so that a function's few routes are each resolved
   * once, not once per call; bounded, since paths may carry ids (kept: the first {@link
   * #URLS_KEPT}).
   */
  private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

  private static final int URLS_KEPT = 256;

  private HttpTransport(Builder builder) {
    this.baseUrl = builder.baseUrl;
    this.client = builder.client;
    this.platformName = builder.platformName;
    this.functionName =
        builder.functionName != null ? builder.functionName : BaseUrls.display(builder.baseUrl);
    this.decorator = builder.decorator;
    this.platformErrors = builder.platformErrors;
    this.checks = builder.checks;
    this.requestLimit = builder.requestLimit;
    this.requestLimitName = builder.requestLimitName;
    this.requestLimitAdvice = builder.requestLimitAdvice;
    this.advice = Map.copyOf(builder.advice);
    this.features = Set.copyOf(builder.features);
    this.locationFields = builder.locationFields;
    this.resource = builder.resource;
  }

  /**
   * A transport to the function below {@code baseUrl} (read it with {@link BaseUrls#read}), calling
   * it with {@code client} (derive it from the context's, with {@link BaseUrls#client} when the
   * platform may use a private CA).
   */
  public static Builder builder(HttpUrl baseUrl, OkHttpClient client) {
    return new Builder(baseUrl, client);
  }

  /** The base URL requests go below. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  @Override
  public String platformName() {
    return platformName;
  }

  @Override
  public String functionName() {
    return functionName;
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    long size = request.body().size();
    if (size > requestLimit) {
      throw new ComputeRequestException(
          "the "
              + request.operation().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " request "
              + request.verb()
              + " "
              + request.path()
              + " carries "
              + size
              + " bytes, over "
              + requestLimitName
              + " ("
              + requestLimit
              + " bytes) for a request body: "
              + requestLimitAdvice);
    }
    Request http = HttpRequests.at(url(request), request).build();
    return decorator == null ? http : decorator.decorate(http, request);
  }

  private HttpUrl url(FunctionRequest request) {
    if (!request.rawQuery().isEmpty()) {
      return HttpRequests.resolve(baseUrl, request);
    }
    HttpUrl known = urls.get(request.path());
    if (known == null) {
      known = HttpRequests.resolve(baseUrl, request);
      if (urls.size() < URLS_KEPT) {
        urls.put(request.path(), known);
      }
    }
    return known;
  }

  @Override
  public PlatformResponse fromHttpResponse(
      FunctionRequest request, int status, Metadata headers, Payload body) {
    PlatformResponse reply = PlatformResponse.of(status, headers, body);
    if (reply.answeredByFunction() || platformErrors == null) {
      return reply;
    }
    PlatformResponse.PlatformError error = platformErrors.read(status, headers, body);
    return error == null ? reply : new PlatformResponse(status, headers, body, error);
  }

  @Override
  public List<InitCheck> checkPlatform(InitAttempt attempt) {
    return checks == null ? List.of() : checks.run(this, attempt);
  }

  @Override
  public boolean occupiesAuthorizationHeader() {
    return decorator != null && decorator.occupiesAuthorizationHeader();
  }

  @Override
  public String advice(Reason reason) {
    return advice.getOrDefault(reason, "");
  }

  @Override
  public Set<Feature> features() {
    return features;
  }

  @Override
  public List<String> locationFields() {
    return locationFields;
  }

  @Override
  public void close() {
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        // Releasing credentials providers and the like: nothing a caller could act on.
      }
    }
  }

  @Override
  public String toString() {
    return "HttpTransport[" + platformName + ", " + functionName + "]";
  }

  /** Builds an {@link HttpTransport}; not thread-safe. */
  public static final class Builder {
    private final HttpUrl baseUrl;
    private final OkHttpClient client;
    private String platformName = "the HTTP endpoint";
    private @Nullable String functionName;
    private @Nullable RequestDecorator decorator;
    private @Nullable PlatformErrorReader platformErrors;
    private @Nullable PlatformChecks checks;
    private long requestLimit = Long.MAX_VALUE;
    private String requestLimitName = "";
    private String requestLimitAdvice = "";
    private final Map<Reason, String> advice = new EnumMap<>(Reason.class);
    private Set<Feature> features = Set.of();
    private List<String> locationFields = List.of();
    private @Nullable AutoCloseable resource;

    private Builder(HttpUrl baseUrl, OkHttpClient client) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      this.client = Objects.requireNonNull(client, "client == null");
    }

    /** The platform's name for messages; default {@code the HTTP endpoint}. */
    public Builder platformName(String platformName) {
      this.platformName = Objects.requireNonNull(platformName, "platformName == null");
      return this;
    }

    /** The function's name (the default audience); default the base URL, redacted. */
    public Builder functionName(String functionName) {
      this.functionName = Objects.requireNonNull(functionName, "functionName == null");
      return this;
    }

    /** The platform's step before the wire: credentials, its limits. Default none. */
    public Builder decorator(RequestDecorator decorator) {
      this.decorator = Objects.requireNonNull(decorator, "decorator == null");
      return this;
    }

    /** Reads the platform's own errors in replies without the function's marker. Default none. */
    public Builder platformErrors(PlatformErrorReader platformErrors) {
      this.platformErrors = Objects.requireNonNull(platformErrors, "platformErrors == null");
      return this;
    }

    /** The platform's own init checks ({@link PlatformTransport#checkPlatform}). Default none. */
    public Builder checks(PlatformChecks checks) {
      this.checks = Objects.requireNonNull(checks, "checks == null");
      return this;
    }

    /**
     * The platform's limit for a request body: a larger request fails with a {@link
     * ComputeRequestException} before anything is sent, naming the request, its size, the limit and
     * what to do. Default none (the component's {@code maxBodySize} still applies).
     *
     * @param maxBytes the largest body the platform takes
     * @param limit the limit in the platform's words, such as {@code Azure Functions' limit of 100
     *     MB}
     * @param advice what to do instead, such as {@code send less, or pass large data by reference}
     */
    public Builder requestLimit(long maxBytes, String limit, String advice) {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
      }
      this.requestLimit = maxBytes;
      this.requestLimitName = Objects.requireNonNull(limit, "limit == null");
      this.requestLimitAdvice = Objects.requireNonNull(advice, "advice == null");
      return this;
    }

    /**
     * What an operator does about {@code reason} on this platform ({@link
     * PlatformTransport#advice}).
     */
    public Builder advice(Reason reason, String advice) {
      this.advice.put(
          Objects.requireNonNull(reason, "reason == null"),
          Objects.requireNonNull(advice, "advice == null"));
      return this;
    }

    /** The features this component's platform adds. Default none. */
    public Builder features(Set<Feature> features) {
      this.features = Set.copyOf(features);
      return this;
    }

    /**
     * The metadata fields that say where the function is ({@link
     * PlatformTransport#locationFields}), such as {@code endpoint}. Default none: the component's
     * URL fields that are set.
     */
    public Builder locationFields(String... fields) {
      this.locationFields = List.of(fields);
      return this;
    }

    /** Closed with the transport: a credentials provider, say. */
    public Builder closing(AutoCloseable resource) {
      this.resource = Objects.requireNonNull(resource, "resource == null");
      return this;
    }

    /** The transport. */
    public HttpTransport build() {
      return new HttpTransport(this);
    }
  }
}
