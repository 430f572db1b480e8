package dev.daprcompute.function;

import java.util.Optional;

/**
 * Answers HTTP requests for a function: what the hosts ({@link FunctionHttpServer}, {@link
 * LambdaFunctionAdapter}) call. {@link FunctionRouter} is the implementation function authors use;
 * a decorator may wrap it (to add logging or metrics, say).
 */
@FunctionalInterface
public interface FunctionHttpHandler {
  /** Answers {@code request}; must not throw. Called from many threads at once. */
  FunctionHttpResponse handle(FunctionHttpRequest request);

  /**
   * Answers a request from its head alone, before the host reads its body, or returns empty to have
   * the host read the body and call {@link #handle}. {@code head} has the method, path, query and
   * headers, and an empty body. Hosts that read bodies from the network call this first ({@link
   * FunctionHttpServer} does), so that a client without a valid token can make them neither read
   * its body nor wait for it: {@link FunctionRouter} answers a missing or rejected token here (and
   * checks it again in {@link #handle}, for hosts that do not call this). A decorator forwards it.
   * Must not throw. Default: empty.
   */
  default Optional<FunctionHttpResponse> beforeBody(FunctionHttpRequest head) {
    return Optional.empty();
  }
}
