package dev.daprcompute.function;

/**
 * Answers HTTP requests for a function: what the hosts ({@link FunctionHttpServer},
 * {@link LambdaFunctionAdapter}) call. {@link FunctionRouter} is the implementation function
 * authors use; a decorator may wrap it (to add logging or metrics, say).
 */
@FunctionalInterface
public interface FunctionHttpHandler {
  /** Answers {@code request}; must not throw. Called from many threads at once. */
  FunctionHttpResponse handle(FunctionHttpRequest request);
}
