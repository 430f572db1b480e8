package dev.daprcompute.protocol;

import java.time.Duration;
import java.util.Set;

/** Constants of function protocol version 1: paths, headers and media types. */
public final class Protocol {
  private Protocol() {}

  /** The protocol version this library speaks. */
  public static final int VERSION = 1;

  /** Every protocol version this library accepts from a function. */
  public static final Set<Integer> SUPPORTED_VERSIONS = Set.of(1);

  /**
   * On every response written by an SDK or a jump function, and on every request from a component:
   * the protocol version. A response without it came from the platform.
   */
  public static final String MARKER_HEADER = "Dapr-Compute-Protocol";

  /** Where the token goes when the platform uses {@code Authorization} itself. */
  public static final String DAPR_AUTHORIZATION = "Dapr-Authorization";

  /** Where the token goes by default. */
  public static final String AUTHORIZATION = "Authorization";

  /** How a function explains a token rejection (RFC 6750). */
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  /** Binding replies: output bindings that receive the reply data, comma-separated. */
  public static final String BINDING_TO_HEADER = "Dapr-Binding-To";

  /** Binding replies: {@code sequential} (default) or {@code parallel}. */
  public static final String BINDING_CONCURRENCY_HEADER = "Dapr-Binding-Concurrency";

  /** daprd's header with the PubSub component name on deliveries. */
  public static final String PUBSUB_NAME_HEADER = "pubsubName";

  /** The info document: deployed, version and auth in one call. */
  public static final String INFO_PATH = "/.well-known/dapr/info";

  /** The function's subscriptions, in Dapr's format. */
  public static final String SUBSCRIBE_PATH = "/dapr/subscribe";

  /** Structured-mode CloudEvents. */
  public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

  /** JSON. */
  public static final String JSON = "application/json";

  /** The token's issuer. */
  public static final String ISSUER = "dapr.io/compute";

  /**
   * The longest a token may live ({@code exp - iat}): components sign for at most this long, and
   * functions refuse longer-lived tokens.
   */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(1);
}
