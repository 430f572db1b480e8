package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.internal.FunctionCompute;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The platform part of a provider: how a {@link FunctionRequest} travels over one platform and how
 * that platform's replies read. Everything else (paths, headers, the token, limits, deadlines,
 * cancellation, and deciding what a reply means) is done by {@link FunctionCompute}.
 *
 * <p>Created once per component by a {@link Factory} during {@code init}; used from many threads,
 * so implementations are thread-safe.
 */
public interface PlatformTransport extends AutoCloseable {

  /** The platform's name for messages, such as {@code AWS Lambda}. */
  String platformName();

  /**
   * The function's name on its platform, for messages and as the default token audience. For a
   * plain HTTP endpoint, its URL.
   */
  String functionName();

  /** The HTTP client to call the platform with, usually derived from the runtime's shared one. */
  OkHttpClient httpClient();

  /**
   * The platform's HTTP request for {@code request}: its URL, its credentials (a function key, a
   * SigV4 signature), and its envelope if it has one.
   *
   * @throws ComputeRequestException when the platform cannot carry this request (over its payload
   *     limit, say), with the limit in the message
   */
  Request toHttpRequest(FunctionRequest request);

  /**
   * Reads the platform's reply: removes an envelope, and recognises the platform's own errors
   * ({@link PlatformResponse.PlatformError}). The default takes the reply as it is.
   *
   * @param request the request this answers
   * @param status the HTTP status
   * @param headers the HTTP headers
   * @param body the body, read up to {@link #rawResponseLimit}
   */
  default PlatformResponse fromHttpResponse(FunctionRequest request, int status, Metadata headers, Payload body) {
    return PlatformResponse.of(status, headers, body);
  }

  /**
   * How many bytes of the platform's reply to read when the function may answer with up to
   * {@code maxBodySize} bytes. Envelopes that base64-encode the body need more.
   */
  default long rawResponseLimit(long maxBodySize) {
    return maxBodySize;
  }

  /**
   * Whether the platform uses the {@code Authorization} header itself (SigV4, say), so the token
   * must go in {@link Protocol#DAPR_AUTHORIZATION}.
   */
  default boolean occupiesAuthorizationHeader() {
    return false;
  }

  /**
   * The platform's own checks, run by {@code init} before the info call: does the function exist,
   * are our platform credentials accepted. Blocks for at most {@code timeout}.
   *
   * @return the checks that ran; empty when the platform has none (the default)
   * @throws ComputeUnavailableException when the platform failed in a way worth retrying
   * @throws ComputeInitException when a check failed for good
   */
  default List<InitCheck> checkPlatform(Duration timeout) {
    return List.of();
  }

  /** Features the platform adds, such as {@link Feature#PLATFORM_CHECKS}. */
  default Set<Feature> features() {
    return Set.of();
  }

  /** Releases what the transport created. The default has nothing to release. */
  @Override
  default void close() {}

  /** Creates a provider's transport from a component's metadata. */
  @FunctionalInterface
  interface Factory {
    /**
     * @throws dev.daprcompute.api.ComputeConfigurationException when the metadata is wrong,
     *     naming every problem
     */
    PlatformTransport create(ComponentMetadata metadata, ComputeContext context);
  }
}
