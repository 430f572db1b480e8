package dev.daprcompute.api.resources;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.InitReport;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A component loaded by {@link ComputeLoader#load()}: either ready (its {@link Compute}
 * initialised) or, when it failed and has {@code spec.ignoreErrors: true}, not ready, holding the
 * failure.
 *
 * <p>Closing the handle closes the compute; it is idempotent and thread-safe, as are the other
 * methods.
 */
public final class ComputeHandle implements AutoCloseable {
  private final ComponentResource component;
  private final ComponentMetadata metadata;
  private final ComputeProvider provider;
  private final @Nullable Compute compute;
  private final @Nullable InitReport report;
  private final @Nullable ComputeException failure;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ComputeHandle(
      ComponentResource component,
      ComponentMetadata metadata,
      ComputeProvider provider,
      @Nullable Compute compute,
      @Nullable InitReport report,
      @Nullable ComputeException failure) {
    this.component = Objects.requireNonNull(component, "component == null");
    this.metadata = Objects.requireNonNull(metadata, "metadata == null");
    this.provider = Objects.requireNonNull(provider, "provider == null");
    this.compute = compute;
    this.report = report;
    this.failure = failure;
  }

  static ComputeHandle ready(
      ComponentResource component,
      ComponentMetadata metadata,
      ComputeProvider provider,
      Compute compute,
      InitReport report) {
    return new ComputeHandle(component, metadata, provider, compute, report, null);
  }

  static ComputeHandle failed(
      ComponentResource component,
      ComponentMetadata metadata,
      ComputeProvider provider,
      ComputeException failure) {
    return new ComputeHandle(component, metadata, provider, null, null, failure);
  }

  /** The component as written. */
  public ComponentResource component() {
    return component;
  }

  /**
   * The component's resolved metadata. When resolving failed, it holds the values that did resolve;
   * secret values never show in its {@code toString}.
   */
  public ComponentMetadata metadata() {
    return metadata;
  }

  /** The provider that created the compute. */
  public ComputeProvider provider() {
    return provider;
  }

  /** Whether the compute initialised and the handle is not closed. */
  public boolean isReady() {
    return compute != null && !closed.get();
  }

  /**
   * The initialised compute.
   *
   * @throws IllegalStateException when it failed to initialise (naming the failure) or the handle
   *     is closed
   */
  public Compute compute() {
    if (compute == null) {
      throw new IllegalStateException(
          "component '"
              + component.name()
              + "' ("
              + component.type()
              + ") is not ready: it failed and spec.ignoreErrors is true: "
              + (failure != null ? failure.getMessage() : "unknown failure"),
          failure);
    }
    if (closed.get()) {
      throw new IllegalStateException("component '" + component.name() + "' is closed");
    }
    return compute;
  }

  /** What init found, when it succeeded. */
  public Optional<InitReport> report() {
    return Optional.ofNullable(report);
  }

  /** Why the component is not ready, when it failed. */
  public Optional<ComputeException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Closes the compute, once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && compute != null) {
      compute.close();
    }
  }

  @Override
  public String toString() {
    return "ComputeHandle["
        + component.name()
        + ", "
        + component.type()
        + "/"
        + component.version()
        + ", "
        + (compute != null ? (closed.get() ? "closed" : "ready") : "failed")
        + "]";
  }
}
