package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.protocol.lambda.HttpApiV2;
import java.time.Instant;
import java.util.Optional;

/**
 * A protocol request as the v2.0 event the function receives through the Invoke API, and the
 * function's return value as its answer: the shared codec ({@link HttpApiV2}), in the
 * component's types. Stateless.
 */
final class LambdaEnvelope {
  private LambdaEnvelope() {}

  /**
   * The v2.0 event of {@code request}.
   *
   * @param domainName what {@code requestContext.domainName} says (the function's name)
   * @param now the request time
   */
  static byte[] write(FunctionRequest request, String domainName, Instant now) {
    return HttpApiV2.writeRequest(new HttpApiV2.Request(request.verb(), request.path(), request.rawQuery(),
        request.headers(), request.body()), domainName, now);
  }

  /**
   * The function's answer in its return value ({@link HttpApiV2#readResponse}); empty when it is
   * not JSON at all (not a function's return value).
   *
   * @throws ProtocolViolationException when a response object's base64 body does not decode
   */
  static Optional<PlatformResponse> read(byte[] returned) {
    try {
      return HttpApiV2.readResponse(returned)
          .map(answer -> PlatformResponse.of(answer.status(), answer.headers(), answer.body()));
    } catch (IllegalArgumentException e) {
      throw new ProtocolViolationException("the function's Lambda response is unreadable: " + e.getMessage(), e);
    }
  }
}
