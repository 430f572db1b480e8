/**
 * Implementation details shared by this library's modules. Not an API: anything here may change in
 * any release.
 */
@NullMarked
package dev.daprcompute.api.internal;

import org.jspecify.annotations.NullMarked;
