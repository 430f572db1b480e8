/**
 * JMH benchmarks. Each benchmark class has a baseline measured in the same run, and results are
 * read as ratios against it (see {@code docs/benchmarks.md}), never as absolute times.
 */
@NullMarked
package dev.daprcompute.benchmarks;

import org.jspecify.annotations.NullMarked;
