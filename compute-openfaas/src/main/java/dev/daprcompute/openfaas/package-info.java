/**
 * The {@code compute.openfaas} platform: functions behind an OpenFaaS gateway, called on {@code
 * /function} (or {@code /async-function} for binding events that want no reply), with init checks
 * and topic annotations from the gateway's {@code /system} API. {@link
 * dev.daprcompute.openfaas.OpenFaasPlatformProvider} is the only public type.
 */
@NullMarked
package dev.daprcompute.openfaas;

import org.jspecify.annotations.NullMarked;
