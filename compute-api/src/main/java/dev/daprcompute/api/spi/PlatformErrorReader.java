package dev.daprcompute.api.spi;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a platform's own errors in a reply that does not carry the function's marker (an error
 * type header, an error body, a status the platform uses for a crashed function), for the plain
 * HTTP transport ({@code HttpTransport.Builder#platformErrors}). Thread-safe.
 */
@FunctionalInterface
public interface PlatformErrorReader {

  /**
   * The platform's error in this reply, or {@code null} to classify it by its status alone.
   * Messages must be cleaned ({@link Redaction#platformMessage}): a platform may echo credentials.
   */
  PlatformResponse.@Nullable PlatformError read(int status, Metadata headers, Payload body);
}
