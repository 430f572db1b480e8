package dev.daprcompute.cli;

import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.protocol.Protocol;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code version}: this build's version, the function SDK's and the protocol's. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    header = "Prints the version of dapr-compute, of the Java function SDK and of the protocol.",
    description = {
      "Prints this build's version; the version a Java function built with this build's"
          + " compute-function reports in its info document (what a component's minVersion is compared with);"
          + " the protocol version; and the Java runtime."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK})
final class VersionCommand extends BaseCommand {

  @Override
  int run(Console console) {
    String java =
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("version", Version.VERSION);
      json.put("sdk", FunctionRouter.SDK_NAME);
      json.put("sdkVersion", FunctionRouter.SDK_VERSION);
      json.put("protocol", Protocol.VERSION);
      json.put("java", java);
      console.json(json);
    } else {
      console.println("dapr-compute " + Version.VERSION);
      console.println(
          "function SDK: " + FunctionRouter.SDK_NAME + " " + FunctionRouter.SDK_VERSION);
      console.println("protocol: " + Protocol.VERSION);
      console.println("Java " + java);
    }
    return Failures.OK;
  }
}
