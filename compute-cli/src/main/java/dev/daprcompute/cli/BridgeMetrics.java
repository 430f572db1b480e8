package dev.daprcompute.cli;

import io.micrometer.core.instrument.Meter;
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
import java.util.stream.Stream;

/**
 * {@code serve --metrics-port}'s registries: the component's observations
 * ({@code dev.daprcompute.api.observation.ComputeObservation}) become Prometheus metrics through
 * Micrometer's {@link DefaultMeterObservationHandler}, with latency buckets, beside the JVM's memory,
 * threads, CPU and uptime. Thread-safe.
 */
final class BridgeMetrics implements AutoCloseable {
  /** The latency buckets of every {@code dapr.compute} timer, as Prometheus histograms. */
  static final Duration[] BUCKETS = Stream.of("5ms", "10ms", "25ms", "50ms", "100ms", "250ms", "500ms", "1s", "2.5s", "5s",
      "10s", "30s", "60s").map(dev.daprcompute.api.internal.GoDuration::parse).toArray(Duration[]::new);

  private final PrometheusMeterRegistry meters;
  private final ObservationRegistry observations;

  private BridgeMetrics(PrometheusMeterRegistry meters, ObservationRegistry observations) {
    this.meters = meters;
    this.observations = observations;
  }

  static BridgeMetrics create() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("dapr.compute.")) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(Stream.of(BUCKETS).mapToDouble(Duration::toNanos).toArray())
            .build().merge(config);
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
   * @return the content type and the text
   */
  String[] scrape(String accept) {
    String type = accept.contains("application/openmetrics-text") ? OpenMetricsTextFormatWriter.CONTENT_TYPE
        : PrometheusTextFormatWriter.CONTENT_TYPE;
    return new String[] {type, meters.scrape(type)};
  }

  @Override
  public void close() {
    meters.close();
  }
}
