package dev.daprcompute.cli;

import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code binding}: an input-binding event, as daprd delivers it with {@code OnBindingEvent}. */
@Command(
    name = "binding",
    mixinStandardHelpOptions = true,
    header = "Delivers an input-binding event and prints the function's reply.",
    description = {
      "Delivers an input-binding event to the configured component's function and prints its reply:"
          + " the output bindings it sends to, the concurrency, and the data.",
      "Exits 1 when the function answered with an error or the platform failed."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, Failures.EXIT_FAILED, Failures.EXIT_USAGE})
final class BindingCommand extends BaseCommand {

  @Mixin ComponentOptions component = new ComponentOptions();

  @Mixin InitOptions init = new InitOptions();

  @Mixin TimeoutOptions calls = new TimeoutOptions();

  @Option(
      names = {"-n", "--name"},
      required = true,
      paramLabel = "BINDING",
      description = "the input binding's name")
  @Nullable String name;

  @Option(
      names = "--data",
      paramLabel = "DATA|@FILE",
      description = "the event data: text, or @file for a file's bytes")
  @Nullable String data;

  @Option(
      names = "--metadata",
      paramLabel = "NAME=VALUE",
      description = "the binding's metadata; repeat for more")
  List<String> metadata = new ArrayList<>();

  @Override
  int run(Console console) throws InterruptedException {
    Payload body = Inputs.data(data);
    BindingEventRequest event =
        new BindingEventRequest(String.valueOf(name), body, Inputs.pairs(metadata, "--metadata"));
    BindingEventResponse reply;
    try (ComputeHandle handle = load(component, console, init)) {
      reply = Calls.await(handle.compute().onBindingEvent(event, calls.callOptions()));
    }
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("to", reply.to());
      json.put("concurrency", reply.concurrency().name());
      Console.putBody(json, "data", reply.data());
      console.json(json);
    } else {
      console.println(
          "to: " + (reply.to().isEmpty() ? "(no output bindings)" : String.join(", ", reply.to())));
      console.println("concurrency: " + reply.concurrency().name());
      console.println("");
      if (!reply.data().isEmpty()) {
        console.println(Console.printable(reply.data()));
      }
    }
    return Failures.OK;
  }
}
