/**
 * TEMPORARY stub of the bridge's public API, so that compute-cli compiles before the real
 * compute-bridge module is merged. Drop on merge.
 */
@NullMarked
package dev.daprcompute.bridge;

import org.jspecify.annotations.NullMarked;
