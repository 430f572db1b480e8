package dev.daprcompute.bridge;

import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.http.HttpPlatformProvider;
import dev.daprcompute.testkit.HttpPlatformFake;
import java.time.Duration;

/**
 * A reference function behind the plain-HTTP platform fake, and a compute.http component
 * initialised against it: what a bridge serves in these tests. Close it after the bridge.
 */
final class Fixture implements AutoCloseable {
  final HttpPlatformFake fake;
  final RecordingCompute compute;

  private Fixture(HttpPlatformFake fake, RecordingCompute compute) {
    this.fake = fake;
    this.compute = compute;
  }

  static Fixture start() {
    HttpPlatformFake fake = HttpPlatformFake.start("orders-fn");
    try {
      Compute compute =
          ComputeProviders.provider(new HttpPlatformProvider())
              .create(ComputeContext.defaults().withAppId("orders"));
      compute.init(
          fake.component("orders")
              .put("timeout", "10s")
              .initTimeout(Duration.ofSeconds(10))
              .build());
      return new Fixture(fake, new RecordingCompute(compute));
    } catch (RuntimeException e) {
      fake.close();
      throw e;
    }
  }

  /** Forgets faults and what the function and the Compute saw. */
  void reset() {
    fake.reset();
    compute.clear();
  }

  @Override
  public void close() {
    try {
      compute.close();
    } finally {
      fake.close();
    }
  }
}
