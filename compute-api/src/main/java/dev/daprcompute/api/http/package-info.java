/**
 * The {@code compute.http} platform: any HTTP endpoint that speaks the function protocol, such as a
 * function behind an API gateway, a container, or a compute-function host on loopback; and its
 * transport, {@link dev.daprcompute.api.http.HttpTransport}, which every platform reached at a URL
 * reuses.
 */
@NullMarked
package dev.daprcompute.api.http;

import org.jspecify.annotations.NullMarked;
