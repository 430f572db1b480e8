/**
 * The {@code compute.openfaas} provider. Nothing is exported: a runtime finds it through {@link
 * java.util.ServiceLoader}, and it reaches compute-api only through its SPI.
 */
module dev.daprcompute.openfaas {
  requires dev.daprcompute.api;
  requires static org.jspecify;
  requires org.slf4j;

  provides dev.daprcompute.api.spi.PlatformProvider with
      dev.daprcompute.openfaas.OpenFaasPlatformProvider;
}
