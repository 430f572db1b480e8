package dev.daprcompute.cli;

import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code invoke}: a service invocation, as daprd delivers it with {@code OnInvoke}. */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    header = "Delivers a service invocation and prints the function's reply.",
    description = {
      "Delivers a service invocation to the configured component's function and prints the function's"
          + " reply: its status, its headers (--include) and its body.",
      "Exits 0 whenever the function answered, even with 404 or 500; 1 when the platform or network failed."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, Failures.EXIT_FAILED, Failures.EXIT_USAGE})
final class InvokeCommand extends BaseCommand {

  @Mixin ComponentOptions component = new ComponentOptions();

  @Mixin InitOptions init = new InitOptions();

  @Mixin TimeoutOptions calls = new TimeoutOptions();

  @Option(
      names = {"-m", "--method"},
      required = true,
      paramLabel = "METHOD",
      description = "the method, a path below the function such as orders/42")
  @Nullable String method;

  @Option(
      names = "--verb",
      paramLabel = "VERB",
      defaultValue = "POST",
      converter = VerbConverter.class,
      completionCandidates = DeliverableVerbs.class,
      description = "the HTTP verb: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  HttpVerb verb = HttpVerb.POST;

  @Option(
      names = "--data",
      paramLabel = "DATA|@FILE",
      description = "the body: text, or @file for a file's bytes")
  @Nullable String data;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description =
          "the body's content type (default: application/json for JSON, text/plain for other text)")
  @Nullable String contentType;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "NAME=VALUE",
      description = "a header (Dapr's invoke metadata); repeat for more")
  List<String> headers = new ArrayList<>();

  @Option(
      names = {"-q", "--query"},
      paramLabel = "QUERY",
      description = "the query string, such as a=1&b=2")
  @Nullable String query;

  @Option(
      names = {"-i", "--include"},
      description = "print the reply's headers too")
  boolean include;

  @Override
  int run(Console console) throws InterruptedException {
    Payload body = Inputs.data(data);
    InvokeRequest request =
        new InvokeRequest(
            String.valueOf(method),
            body,
            Inputs.contentType(contentType, body),
            verb,
            query != null ? query : "",
            Inputs.headers(headers, "--header"));
    InvokeResponse reply;
    try (ComputeHandle handle = load(component, console, init)) {
      reply = Calls.await(handle.compute().onInvoke(request, calls.callOptions()));
    }
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("status", reply.status());
      json.put("contentType", reply.contentType());
      json.put("headers", Console.headers(reply.metadata()));
      Console.putBody(json, "body", reply.data());
      console.json(json);
      return Failures.OK;
    }
    console.println("HTTP " + reply.status());
    if (include) {
      if (!reply.contentType().isEmpty()) {
        console.println("content-type: " + reply.contentType());
      }
      reply.metadata().forEach((name, value) -> console.println(name + ": " + value));
      console.println("");
    }
    if (!reply.data().isEmpty()) {
      console.println(Console.printable(reply.data()));
    }
    return Failures.OK;
  }

  /**
   * The verbs a function can be invoked with: every one of Dapr's but CONNECT, which daprd refuses
   * too.
   */
  static final class DeliverableVerbs implements Iterable<String> {
    static final List<String> NAMES =
        Arrays.stream(HttpVerb.values())
            .filter(v -> v != HttpVerb.CONNECT)
            .map(HttpVerb::name)
            .toList();

    @Override
    public Iterator<String> iterator() {
      return NAMES.iterator();
    }
  }

  /** A verb of {@link DeliverableVerbs}, in any case. */
  static final class VerbConverter implements ITypeConverter<HttpVerb> {
    @Override
    public HttpVerb convert(String value) {
      String name = value.toUpperCase(Locale.ROOT);
      if (!DeliverableVerbs.NAMES.contains(name)) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a verb a function can be invoked with: use one of "
                + String.join(", ", DeliverableVerbs.NAMES)
                + (name.equals("CONNECT") ? " (daprd refuses CONNECT too)" : ""));
      }
      return HttpVerb.valueOf(name);
    }
  }
}
