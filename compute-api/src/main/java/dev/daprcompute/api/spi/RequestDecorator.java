package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import okhttp3.Request;

/**
 * A platform's step between the plain HTTP request and the wire: its credentials (a SigV4
 * signature, a function key header), or a check of its own limits. Given to the plain HTTP
 * transport ({@code HttpTransport.Builder#decorator}), so that a platform reached at a URL writes
 * only this. Called when each call starts (never with a stale signature), from many threads:
 * implementations are thread-safe.
 */
@FunctionalInterface
public interface RequestDecorator {

  /**
   * {@code request}, ready for the platform.
   *
   * @param request the HTTP request as the plain transport built it (the protocol's headers, the
   *     token among them, and the body)
   * @param call the protocol request it carries; its {@link FunctionRequest#body()} is the body
   *     sent, for a signature's hash
   * @throws ComputeRequestException when the platform cannot carry this request
   * @throws ComputeUnavailableException when the platform's credentials cannot be had now
   */
  Request decorate(Request request, FunctionRequest call);

  /**
   * Whether the platform uses the {@code Authorization} header itself (a signature does), so the
   * token goes in {@code Dapr-Authorization}. The default says no.
   */
  default boolean occupiesAuthorizationHeader() {
    return false;
  }
}
