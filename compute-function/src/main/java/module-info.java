/**
 * The function side of dapr-compute: the token verifier, the router that answers the protocol, an
 * HTTP host and the Lambda adapter. Depends on compute-protocol, Jackson and BouncyCastle's
 * provider.
 */
module dev.daprcompute.function {
  requires transitive dev.daprcompute.protocol;
  requires static transitive org.jspecify;
  requires org.bouncycastle.provider;
  requires jdk.httpserver;

  exports dev.daprcompute.function;
  exports dev.daprcompute.function.token;
}
