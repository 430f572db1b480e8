/**
 * What a component reports through Micrometer's Observation API: the observations' names and keys
 * ({@link dev.daprcompute.api.observation.ComputeObservation}). A runtime opts in by giving its
 * {@code ObservationRegistry} to {@link dev.daprcompute.api.ComputeContext#withObservations}; the
 * handlers registered there make metrics (Micrometer's {@code DefaultMeterObservationHandler}) and
 * traces (Micrometer Tracing, OpenTelemetry). docs/observability.md lists every metric.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.api.observation;

import org.jspecify.annotations.NullMarked;
