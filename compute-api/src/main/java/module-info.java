/**
 * The component side of dapr-compute: the {@code Compute} a Dapr runtime calls, the providers found
 * by {@link java.util.ServiceLoader}, the provider SPI, {@code compute.http}, Dapr resource files
 * and the tokens the component signs.
 */
module dev.daprcompute.api {
  requires transitive dev.daprcompute.protocol;
  requires transitive okhttp3;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.nimbusds.jose.jwt;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.slf4j;
  // ComputeContext takes an ObservationRegistry: observations of calls, init and tokens.
  requires transitive micrometer.observation;
  requires transitive micrometer.commons;

  exports dev.daprcompute.api;
  exports dev.daprcompute.api.http;
  exports dev.daprcompute.api.observation;
  exports dev.daprcompute.api.resources;
  exports dev.daprcompute.api.spi;
  exports dev.daprcompute.api.token;

  // dev.daprcompute.api.internal is exported to no module: providers reach compute-api through
  // dev.daprcompute.api.spi. (The CLI, the bridge and the testkit run on the class path.)

  uses dev.daprcompute.api.spi.PlatformProvider;

  provides dev.daprcompute.api.spi.PlatformProvider with
      dev.daprcompute.api.http.HttpPlatformProvider;
}
