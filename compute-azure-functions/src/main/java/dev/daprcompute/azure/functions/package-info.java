/**
 * The {@code compute.azure.functions} provider: functions behind an Azure Functions HTTP trigger
 * (authLevel {@code function}, a catch-all route), called with a function key in {@code
 * x-functions-key}; with the app's master key, {@code init} also checks the Functions host and the
 * function through the host's admin API. {@link
 * dev.daprcompute.azure.functions.AzureFunctionsPlatformProvider} is the only public type: the
 * plain HTTP transport of {@code compute-api} carries the requests, with what is true of Azure
 * added.
 */
@NullMarked
package dev.daprcompute.azure.functions;

import org.jspecify.annotations.NullMarked;
