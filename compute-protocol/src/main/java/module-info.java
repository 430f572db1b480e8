/**
 * What both sides of the dapr-compute protocol share: the values they exchange, the wire format,
 * the Lambda v2.0 event codec and public-key parsing. Depends on Jackson and BouncyCastle's
 * provider.
 */
module dev.daprcompute.protocol {
  requires transitive com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;
  requires transitive jdk.httpserver;
  requires transitive org.bouncycastle.provider;

  exports dev.daprcompute.protocol;
  exports dev.daprcompute.protocol.keys;
  exports dev.daprcompute.protocol.lambda;
  exports dev.daprcompute.protocol.wire;
  // No contract: shared by the two sides' modules only (javac warns that they are not found when
  // this module compiles first; they are). The testkit, bridge and CLI run on the class path.
  exports dev.daprcompute.protocol.internal to
      dev.daprcompute.api,
      dev.daprcompute.function;
}
