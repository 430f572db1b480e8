package dev.daprcompute.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The build's version, for {@code --version} and {@code version}: written into {@code
 * version.properties} by the build, so the jar, the classes directory and the function SDK ({@code
 * FunctionRouter.SDK_VERSION}) all say the same.
 */
final class Version implements IVersionProvider {
  /**
   * This build's version, such as {@code 0.1.0}; {@code 0.0.0} when the resource was not filtered.
   */
  static final String VERSION = read();

  @Override
  public String[] getVersion() {
    return new String[] {
      "dapr-compute " + VERSION,
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      String version = properties.getProperty("version", "0.0.0");
      return version.startsWith("${") ? "0.0.0" : version;
    } catch (IOException e) {
      return "0.0.0";
    }
  }
}
