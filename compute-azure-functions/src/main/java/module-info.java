/**
 * The {@code compute.azure.functions} provider. Nothing is exported: a runtime finds it through
 * {@link java.util.ServiceLoader}, and it reaches compute-api only through its SPI.
 */
module dev.daprcompute.azure.functions {
  requires dev.daprcompute.api;
  requires static org.jspecify;

  provides dev.daprcompute.api.spi.PlatformProvider with
      dev.daprcompute.azure.functions.AzureFunctionsPlatformProvider;
}
