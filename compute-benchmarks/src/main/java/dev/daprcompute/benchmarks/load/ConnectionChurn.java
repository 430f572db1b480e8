package dev.daprcompute.benchmarks.load;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.token.SigningKey;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * How many connections a {@code compute.http} component opens while it keeps 64 calls in flight
 * (its default {@code maxConcurrency}) to a {@link RawHttpServer}: made with {@link
 * ComputeContext#defaults()} (the client the CLI uses) and with the harness's client, whose pool
 * keeps 256 idle connections, each after a warm-up of 2 s. Counts, not times: a connection closed
 * and opened again shows up here however busy the machine.
 *
 * <pre>java -cp benchmarks.jar dev.daprcompute.benchmarks.load.ConnectionChurn [seconds]</pre>
 */
public final class ConnectionChurn {
  private ConnectionChurn() {}

  private static final int IN_FLIGHT = 64;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    OkHttpClient harness = Fixtures.client();
    try {
      System.out.println(run("ComputeContext.defaults()", ComputeContext.defaults(), seconds));
      System.out.println(
          run(
              "the harness's client (256 idle connections)",
              new ComputeContext(harness, Clock.systemUTC(), Fixtures.NAME),
              seconds));
    } finally {
      Fixtures.shutdown(harness);
    }
  }

  private static String run(String name, ComputeContext context, int seconds) throws Exception {
    try (RawHttpServer server = RawHttpServer.start(Fixtures.function(1024));
        Compute compute = ComputeProviders.load().select("compute.http", "v1").create(context)) {
      compute.init(
          ComponentMetadata.builder(Fixtures.NAME, "compute.http")
              .put("endpoint", server.baseUrl())
              .putSecret("key", SigningKey.generateEd25519().privateKeyPem())
              .put("audience", Fixtures.NAME)
              .build());
      byte[] body = Fixtures.bytes(1024);
      Variant invoke = Variant.async("compute.http", () -> Scenarios.invoke(compute, body, 1024));
      Drivers.latency(
          invoke,
          IN_FLIGHT,
          TimeUnit.SECONDS.toNanos(2)); // warm-up: the JIT, and the first connections
      long before = server.accepted();
      double calls =
          Drivers.latency(invoke, IN_FLIGHT, TimeUnit.SECONDS.toNanos(seconds))
              .metrics()
              .getOrDefault("calls", 0.0);
      return String.format(
          Locale.ROOT,
          "%s: %,.0f calls in %d s with %d in flight, %,d connections opened",
          name,
          calls,
          seconds,
          IN_FLIGHT,
          server.accepted() - before);
    }
  }
}
