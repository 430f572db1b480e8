/**
 * The function side of the protocol, in Java: a {@link dev.daprcompute.function.FunctionHandler}
 * for function authors, a {@link dev.daprcompute.function.FunctionRouter} that verifies every
 * request's token and serves the protocol paths, and two hosts: a plain HTTP server ({@link
 * dev.daprcompute.function.FunctionHttpServer}) and an AWS Lambda v2.0 event adapter ({@link
 * dev.daprcompute.function.LambdaFunctionAdapter}).
 *
 * <pre>{@code
 * FunctionRouter router = FunctionRouter.builder(new MyHandler())
 *     .verifier(TokenVerifier.builder().publicKeys(publicJwkSet).audience("orders-fn").build())
 *     .build();
 * try (FunctionHttpServer server = FunctionHttpServer.start(router, 8080)) { ... }
 * }</pre>
 */
@NullMarked
package dev.daprcompute.function;

import org.jspecify.annotations.NullMarked;
