package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeContext;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Observation is off unless a runtime asks for it, and then costs a call nothing. */
@DisplayName("observation off by default, and free when off")
class ObservationsOffTest {

  @Test
  @DisplayName("the default context has the no-op registry, and a call then starts no observation")
  void offByDefault() {
    ObservationRegistry registry = ComputeContext.defaults().observations();
    assertThat(registry).isSameAs(ObservationRegistry.NOOP);
    assertThat(new Observations(registry, "fn", "compute.http").startCall(Observations.INVOKE))
        .isNull();
    // A registry without handlers yet is off too; a handler registered later turns it on.
    ObservationRegistry later = ObservationRegistry.create();
    Observations observations = new Observations(later, "fn", "compute.http");
    assertThat(observations.startCall(Observations.INVOKE)).isNull();
    later.observationConfig().observationHandler(context -> true);
    assertThat(observations.startCall(Observations.INVOKE)).isNotNull();
  }

  @Test
  @DisplayName("when off, what a call does for observation allocates nothing")
  void noAllocationWhenOff() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean sun
            && sun.isThreadAllocatedMemorySupported()
            && sun.isThreadAllocatedMemoryEnabled(),
        "this JVM does not measure a thread's allocations");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    Observations off = new Observations(ObservationRegistry.NOOP, "fn", "compute.http");
    long thread = Thread.currentThread().getId();
    int calls = 100_000;
    Object last = new Object();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      last = off.startCall(Observations.TOPIC_EVENT);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(last).isNull();
    // Even one small object per call would be 1.6 MB; the measuring itself may allocate a little.
    assertThat(allocated).as("bytes allocated by %s calls", calls).isLessThan(calls / 10);
  }
}
