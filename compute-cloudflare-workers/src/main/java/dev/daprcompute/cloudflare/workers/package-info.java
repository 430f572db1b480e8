/**
 * The {@code compute.cloudflare.workers} platform: functions on Cloudflare Workers, reached at the
 * worker's URL. The worker is the jump worker this jar ships (which verifies the token and hands
 * the request to the user's worker through a service binding), or any worker built on the
 * JavaScript function SDK. With an API token the provider checks the worker at init, and with
 * {@code targetWorker} it deploys and upgrades the jump worker itself. {@link
 * dev.daprcompute.cloudflare.workers.CloudflareWorkersPlatformProvider} is the only public type.
 */
@NullMarked
package dev.daprcompute.cloudflare.workers;

import org.jspecify.annotations.NullMarked;
