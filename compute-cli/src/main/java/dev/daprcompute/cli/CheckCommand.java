package dev.daprcompute.cli;

import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.resources.ComponentResource;
import dev.daprcompute.api.resources.ComputeHandle;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code check}: init on the configured component, and what each check found. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header = "Runs init on the component and reports each check.",
    description = {
      "Runs init on the configured component and reports each check: the platform's own (such as"
          + " invokePermission and functionState on AWS Lambda; hostStatus and functionStatus on Azure Functions;"
          + " script, jumpWorker, workersDev and ready on Cloudflare Workers; functionStatus and gateway on"
          + " OpenFaaS; 'platform' when they keep failing),"
          + " credentials,"
          + " deployed, auth, protocol and version. docs/protocol.md (section 3) says what each proves.",
      "Exits 0 when the component is ready, 1 naming the check that failed."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, Failures.EXIT_FAILED, Failures.EXIT_USAGE})
final class CheckCommand extends BaseCommand {

  @Mixin ComponentOptions component = new ComponentOptions();

  @Mixin InitOptions init = new InitOptions();

  @Override
  int run(Console console) {
    ComponentResource selected = component.loader(environment()).select();
    Map<String, Object> json = Console.object();
    json.put("component", selected.name());
    json.put("type", selected.type());
    json.put("version", selected.version());
    json.put("file", selected.location());
    if (!console.isJson()) {
      console.println(InitChecks.describe(selected));
    }
    try (ComputeHandle handle = load(component, console, init)) {
      InitReport report = handle.report().orElseThrow();
      json.put("ready", true);
      json.put("checks", InitChecks.json(report.checks()));
      InitChecks.putReport(json, report, handle.compute().features());
      if (console.isJson()) {
        console.json(json);
      } else {
        InitChecks.lines(report.checks(), "  ").forEach(console::println);
        console.println("ready: " + InitChecks.summary(report, handle.compute().features()));
      }
      return Failures.OK;
    } catch (ComputeInitException e) {
      json.put("ready", false);
      json.put("checks", InitChecks.json(e.checks()));
      json.put("failedCheck", e.failedCheck());
      json.put("reason", e.getMessage());
      if (console.isJson()) {
        console.json(json);
      } else {
        InitChecks.lines(e.checks(), "  ").forEach(console::println);
      }
      console.note("dapr-compute check: check '" + e.failedCheck() + "' failed: " + e.getMessage());
      return Failures.FAILED;
    }
  }
}
