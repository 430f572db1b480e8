/**
 * The provider SPI: what a provider module uses to add a platform. Nothing here is needed by a
 * runtime, which sees only {@link dev.daprcompute.api.Compute} (through {@link
 * dev.daprcompute.api.ComputeProviders}).
 *
 * <p>A provider implements {@link dev.daprcompute.api.spi.PlatformProvider} (registered for {@link
 * java.util.ServiceLoader}) and, unless its platform is reached at a URL (then the plain {@code
 * dev.daprcompute.api.http.HttpTransport} with a {@link dev.daprcompute.api.spi.RequestDecorator}
 * and a {@link dev.daprcompute.api.spi.PlatformErrorReader} will do), {@link
 * dev.daprcompute.api.spi.PlatformTransport}. The rest of this package is what every platform needs
 * and none should write again: base URLs and a private CA ({@link
 * dev.daprcompute.api.spi.BaseUrls}), the platform's own calls ({@link
 * dev.daprcompute.api.spi.PlatformCalls}, {@link dev.daprcompute.api.spi.Deadline}), the wording of
 * platform failures ({@link dev.daprcompute.api.spi.PlatformFailures}) and text safe for messages
 * ({@link dev.daprcompute.api.spi.Redaction}). See {@code docs/writing-a-provider.md}.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.api.spi;

import org.jspecify.annotations.NullMarked;
