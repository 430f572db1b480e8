/**
 * The load and allocation harness behind {@code Summary}: a minimal HTTP server, the scenarios of
 * issue 13 (invocation overhead, the bridge, memory per payload, the function host) with their
 * baselines, and the drivers that measure them (a closed loop with N calls in flight recorded in
 * HdrHistogram, and allocated bytes per call from {@code com.sun.management.ThreadMXBean}).
 */
@NullMarked
package dev.daprcompute.benchmarks.load;

import org.jspecify.annotations.NullMarked;
