/**
 * What both sides of the dapr-compute protocol share: the values they exchange, the wire format,
 * the Lambda v2.0 event codec and public-key parsing. Depends on Jackson and BouncyCastle's provider.
 */
module dev.daprcompute.protocol {
  requires transitive com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;
  requires transitive jdk.httpserver;
  requires org.bouncycastle.provider;

  exports dev.daprcompute.protocol;
  exports dev.daprcompute.protocol.keys;
  exports dev.daprcompute.protocol.lambda;
  exports dev.daprcompute.protocol.wire;
  // No contract: shared by the project's own modules only.
  exports dev.daprcompute.protocol.internal to
      dev.daprcompute.api,
      dev.daprcompute.function,
      dev.daprcompute.testkit,
      dev.daprcompute.bridge,
      dev.daprcompute.cli;
}
