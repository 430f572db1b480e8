package dev.daprcompute.cli;

import dev.daprcompute.api.observation.ComputeObservation;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code serve --metrics-port}'s registries: the component's observations ({@code
 * dev.daprcompute.api.observation.ComputeObservation}) become Prometheus metrics through
 * Micrometer's {@link DefaultMeterObservationHandler}, their timers with fixed latency buckets,
 * beside the JVM's memory, threads, CPU and uptime. Thread-safe.
 */
final class BridgeMetrics implements AutoCloseable {
  /** The prefix of every metric the component's observations make. */
  static final String PREFIX = "dapr.compute.";

  /** Each of the component's meters explained, for Prometheus' {@code # HELP} line. */
  static final Map<String, String> HELP =
      Map.of(
          ComputeObservation.CALLS_NAME,
          "Calls to the function by operation, with their outcome (SUCCESS, RETRY, DROP, FAILURE)"
              + " and the reason of a failure",
          ComputeObservation.INIT_ATTEMPTS_NAME,
          "Attempts of the component's init (the platform's own checks, then the function's info"
              + " document), with their outcome and reason",
          ComputeObservation.TOKEN_SIGNINGS_NAME,
          "Tokens signed for calls to the function (a token is reused for half its lifetime)");

  /**
   * The latency buckets ({@code le}) of every {@code dapr.compute} timer: from a warm function's
   * few milliseconds to a cold start's seconds, and up to Dapr's default call timeout of a minute.
   */
  static final List<Duration> BUCKETS =
      List.of(
          Duration.ofMillis(5),
          Duration.ofMillis(10),
          Duration.ofMillis(25),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));

  /** The metrics in one of Prometheus' text formats. */
  record Scrape(String contentType, String text) {}

  private final PrometheusMeterRegistry meters;
  private final ObservationRegistry observations;

  private BridgeMetrics(PrometheusMeterRegistry meters, ObservationRegistry observations) {
    this.meters = meters;
    this.observations = observations;
  }

  static BridgeMetrics create() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                String help = HELP.get(id.getName());
                return help == null || id.getDescription() != null
                    ? id
                    : new Meter.Id(
                        id.getName(), Tags.of(id.getTags()), id.getBaseUnit(), help, id.getType());
              }

              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith(PREFIX)) {
                  return config;
                }
                return DistributionStatisticConfig.builder()
                    .serviceLevelObjectives(
                        BUCKETS.stream().mapToDouble(Duration::toNanos).toArray())
                    .build()
                    .merge(config);
              }
            });
    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return new BridgeMetrics(meters, observations);
  }

  /** Where the component reports; give it to the component's context. */
  ObservationRegistry observations() {
    return observations;
  }

  /**
   * The metrics in the format {@code accept} asks for: OpenMetrics when it names it, else
   * Prometheus' text format 0.0.4.
   *
   * @param accept the scraper's {@code Accept} header; empty when it sent none
   */
  Scrape scrape(String accept) {
    String type =
        accept.contains("application/openmetrics-text")
            ? OpenMetricsTextFormatWriter.CONTENT_TYPE
            : PrometheusTextFormatWriter.CONTENT_TYPE;
    return new Scrape(type, meters.scrape(type));
  }

  @Override
  public void close() {
    meters.close();
  }
}
