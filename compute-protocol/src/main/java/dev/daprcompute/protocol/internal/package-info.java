/**
 * Implementation details shared by this project's modules (both sides of the protocol). Not an API:
 * anything here may change in any release.
 */
@NullMarked
package dev.daprcompute.protocol.internal;

import org.jspecify.annotations.NullMarked;
