/**
 * Dapr resources from files to an initialised {@link dev.daprcompute.api.Compute}. {@link
 * dev.daprcompute.api.resources.DaprResources} reads Component YAML exactly as daprd's {@code
 * --resources-path} does, and a Configuration's {@code spec.compute}; {@link
 * dev.daprcompute.api.resources.ComputeLoader} selects the compute component, resolves its secrets
 * through a {@link dev.daprcompute.api.resources.SecretResolver} and its {@code envRef}s through
 * the environment, and initialises it, handing back a {@link
 * dev.daprcompute.api.resources.ComputeHandle}. Every configuration mistake is reported at once,
 * each with its file, line, component, field and a fix; no message contains a secret value.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.api.resources;

import org.jspecify.annotations.NullMarked;
