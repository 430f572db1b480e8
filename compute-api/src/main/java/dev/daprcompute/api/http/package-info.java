/**
 * The {@code compute.http} provider: any HTTP endpoint that speaks the function protocol, such as
 * a function behind an API gateway, a container, or a compute-function host on loopback.
 */
@NullMarked
package dev.daprcompute.api.http;

import org.jspecify.annotations.NullMarked;
