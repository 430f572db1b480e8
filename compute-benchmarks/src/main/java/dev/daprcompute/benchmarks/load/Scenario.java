package dev.daprcompute.benchmarks.load;

import java.util.List;

/**
 * The servers, clients and components of one measurement, set up, with the variants to compare.
 * Closing it stops everything it started.
 */
public interface Scenario extends AutoCloseable {

  /** The variants, baselines included; names are unique. */
  List<Variant> variants();

  /** Whether the thread with this ID serves the scenario (left out of allocation counts). */
  default boolean isServerThread(long threadId) {
    return false;
  }

  @Override
  void close();
}
