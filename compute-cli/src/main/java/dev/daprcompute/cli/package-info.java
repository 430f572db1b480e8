/**
 * The {@code dapr-compute} command: {@link dev.daprcompute.cli.DaprCompute} and its subcommands.
 *
 * <p>Shared plumbing lives in a few package-private classes: {@code ComponentOptions} (the common
 * flags and loading a component with {@link dev.daprcompute.api.resources.ComputeLoader}), {@code
 * Console} (text and JSON output) and {@code Failures} (exit codes and error messages). Exit codes:
 * 0 ok, 1 the function or platform failed, 2 bad usage or configuration.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.cli;

import org.jspecify.annotations.NullMarked;
