/**
 * Real {@code workerd} for tests: {@link dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig}
 * describes workers (modules and bindings, in the shapes of Cloudflare's module-worker upload) and
 * {@link dev.daprcompute.cloudflare.workers.workerd.Workerd} runs them on free loopback ports.
 */
package dev.daprcompute.cloudflare.workers.workerd;
