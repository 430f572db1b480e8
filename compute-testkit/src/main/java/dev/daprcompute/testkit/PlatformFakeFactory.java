package dev.daprcompute.testkit;

/**
 * Starts the fake of one platform, found with {@link java.util.ServiceLoader} (register in {@code
 * META-INF/services/dev.daprcompute.testkit.PlatformFakeFactory}), so tools such as {@code
 * dapr-compute demo} can put a fake in front of every provider on the classpath without knowing the
 * platforms. Implementations are cheap and stateless.
 */
public interface PlatformFakeFactory {

  /** The component type the fake serves, such as {@code compute.http}. */
  String componentType();

  /** A started fake in front of {@code function}. */
  PlatformFake start(ReferenceFunction function);
}
