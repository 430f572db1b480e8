package dev.daprcompute.testkit;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.http.HttpPlatformProvider;
import dev.daprcompute.function.FunctionHttpRequest;

/**
 * A plain HTTP endpoint in front of the function, for {@code compute.http}: the function is served
 * below {@code /fn}; anything else is the server's own 404. Faults are answered as a generic HTTP
 * gateway would.
 */
public final class HttpPlatformFake extends PlatformFake {
  private static final String PREFIX = "/fn";

  private HttpPlatformFake(ReferenceFunction function) {
    super(function);
  }

  /** A fake endpoint in front of a new reference function for {@code audience}. */
  public static HttpPlatformFake start(String audience) {
    return new HttpPlatformFake(ReferenceFunction.create(audience));
  }

  /** A fake endpoint in front of {@code function}. */
  public static HttpPlatformFake start(ReferenceFunction function) {
    return new HttpPlatformFake(function);
  }

  /** The function's base URL: the {@code endpoint} of a compute.http component. */
  public String endpoint() {
    return baseUrl() + PREFIX;
  }

  @Override
  public String componentType() {
    return HttpPlatformProvider.TYPE;
  }

  @Override
  public ComponentMetadata.Builder component(String name) {
    return ComponentMetadata.builder(name, componentType())
        .put("endpoint", endpoint())
        .putSecret("key", function().componentKey().privateKeyPem())
        .put("audience", function().audience());
  }

  /** Registers this fake for {@link PlatformFakes}. */
  public static final class Factory implements PlatformFakeFactory {
    @Override
    public String componentType() {
      return HttpPlatformProvider.TYPE;
    }

    @Override
    public PlatformFake start(ReferenceFunction function) {
      return HttpPlatformFake.start(function);
    }
  }

  @Override
  protected Answer serve(RecordedCall call) {
    if (!call.path().equals(PREFIX) && !call.path().startsWith(PREFIX + "/")) {
      return Answer.text(404, "text/plain", "404 page not found");
    }
    return Answer.from(
        callFunction(
            new FunctionHttpRequest(
                call.method(),
                below(PREFIX, call.path()),
                call.query(),
                call.headers(),
                call.body())));
  }
}
