/**
 * What a provider module uses to add a platform: the platform's transport and the helpers every
 * platform needs. Nothing here is needed by a runtime, which sees only
 * {@link dev.daprcompute.api.Compute}.
 */
@NullMarked
package dev.daprcompute.api.spi;

import org.jspecify.annotations.NullMarked;
