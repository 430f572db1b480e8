package dev.daprcompute.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written in the jar's manifest, for {@code --version}. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = DaprCompute.class.getPackage().getImplementationVersion();
    return new String[] {
        "dapr-compute " + (version != null ? version : "(development build)"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
  }
}
