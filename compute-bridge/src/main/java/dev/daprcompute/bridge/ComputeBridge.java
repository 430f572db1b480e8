package dev.daprcompute.bridge;

import dev.daprcompute.api.Compute;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * TEMPORARY stub: the public API of the bridge that serves a {@link Compute} to daprd, without
 * the bridge. {@link Builder#start()} throws {@link UnsupportedOperationException}. Drop on merge:
 * the real compute-bridge module replaces this class with the same signatures.
 */
public final class ComputeBridge implements AutoCloseable {

  private ComputeBridge() {}

  /** A builder for a bridge in front of {@code compute}, which is already initialised. */
  public static Builder builder(Compute compute) {
    return new Builder(compute);
  }

  /** The gRPC port, when gRPC is served. */
  public OptionalInt grpcPort() {
    return OptionalInt.empty();
  }

  /** The HTTP port, when HTTP is served. */
  public OptionalInt httpPort() {
    return OptionalInt.empty();
  }

  /** Blocks until the bridge is closed. */
  public void awaitTermination() throws InterruptedException {
    throw new UnsupportedOperationException("bridge not merged yet");
  }

  @Override
  public void close() {}

  /** Configures a bridge. */
  public static final class Builder {
    private final Compute compute;

    private Builder(Compute compute) {
      this.compute = Objects.requireNonNull(compute, "compute == null");
    }

    /** The Dapr app ID. */
    public Builder appId(String appId) {
      Objects.requireNonNull(appId, "appId == null");
      return this;
    }

    /** The gRPC port; 0 for a free one. */
    public Builder grpcPort(int port) {
      return this;
    }

    /** The HTTP port; 0 for a free one. */
    public Builder httpPort(int port) {
      return this;
    }

    /** The address to listen on. */
    public Builder bindAddress(InetAddress address) {
      Objects.requireNonNull(address, "address == null");
      return this;
    }

    /** The token daprd sends in {@code dapr-api-token}, or null for none. */
    public Builder appApiToken(@Nullable String token) {
      return this;
    }

    /** The deadline of each call. */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /** Starts the bridge; the stub always throws. */
    public ComputeBridge start() throws IOException {
      throw new UnsupportedOperationException("bridge not merged yet");
    }

    @Override
    public String toString() {
      return "ComputeBridge.Builder[" + compute.getClass().getSimpleName() + "]";
    }
  }
}
