package dev.daprcompute.api;

import dev.daprcompute.api.internal.PlatformComputeProvider;
import dev.daprcompute.api.internal.Spelling;
import dev.daprcompute.api.spi.PlatformProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The providers on the classpath, and the one rule that selects a provider for a component: by
 * type, then version, exactly one match. No match and two matches are both errors that say how to
 * fix them; the first provider on the classpath never silently wins.
 *
 * <p>The classpath holds platforms ({@link PlatformProvider}, registered in {@code
 * META-INF/services/dev.daprcompute.api.spi.PlatformProvider}); each becomes a {@link
 * ComputeProvider} here, with the common metadata fields added and the function protocol around the
 * platform's transport ({@link #provider}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ComputeProviders {

  /** Where each known component type lives, for the "no provider" message. */
  private static final Map<String, String> KNOWN_ARTIFACTS =
      Map.of(
          "compute.http", "dev.daprcompute:compute-api",
          "compute.azure.functions", "dev.daprcompute:compute-azure-functions",
          "compute.aws.lambda", "dev.daprcompute:compute-aws-lambda",
          "compute.cloudflare.workers", "dev.daprcompute:compute-cloudflare-workers",
          "compute.openfaas", "dev.daprcompute:compute-openfaas");

  private final List<ComputeProvider> providers;
  private final List<String> broken;

  private ComputeProviders(List<ComputeProvider> providers, List<String> broken) {
    this.providers =
        providers.stream()
            .sorted(
                Comparator.comparing(ComputeProvider::type).thenComparing(ComputeProvider::version))
            .toList();
    this.broken = List.copyOf(broken);
  }

  /** The providers visible to this library's class loader. */
  public static ComputeProviders load() {
    return load(ComputeProviders.class.getClassLoader());
  }

  /**
   * The platforms visible to {@code classLoader}, as providers. A platform that fails to load (or
   * declares its fields wrongly) is skipped and reported when its type is asked for, so one broken
   * jar does not hide the others.
   */
  public static ComputeProviders load(ClassLoader classLoader) {
    List<ComputeProvider> found = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    Iterator<PlatformProvider> it =
        ServiceLoader.load(PlatformProvider.class, classLoader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(provider(it.next()));
      } catch (ServiceConfigurationError | IllegalArgumentException e) {
        broken.add(e.getMessage());
      }
    }
    return new ComputeProviders(found, broken);
  }

  /** Exactly these providers, without looking at the classpath. */
  public static ComputeProviders of(List<? extends ComputeProvider> providers) {
    return new ComputeProviders(List.copyOf(providers), List.of());
  }

  /**
   * The provider of {@code platform}, as {@link #load} makes it: the common metadata fields added
   * to the platform's, and the function protocol around its transport. For runtimes and tests that
   * pass a platform explicitly.
   *
   * @throws IllegalArgumentException when the platform declares one of the common fields, a field
   *     twice, or a blank type or version
   */
  public static ComputeProvider provider(PlatformProvider platform) {
    return new PlatformComputeProvider(platform);
  }

  /** Every provider, by type and version. */
  public List<ComputeProvider> all() {
    return providers;
  }

  /** Every type found. */
  public List<String> types() {
    return providers.stream().map(ComputeProvider::type).distinct().toList();
  }

  /**
   * The one provider of {@code type} and {@code version}.
   *
   * @throws ComputeConfigurationException when there is none (listing the types that are present
   *     and the artifact to add) or more than one (naming each)
   */
  public ComputeProvider select(String type, String version) {
    List<ComputeProvider> ofType = providers.stream().filter(p -> p.type().equals(type)).toList();
    if (ofType.isEmpty()) {
      String artifact = KNOWN_ARTIFACTS.get(type);
      TreeSet<String> known = new TreeSet<>(KNOWN_ARTIFACTS.keySet());
      known.addAll(types());
      String guess = Spelling.closest(type, known);
      String fix =
          artifact != null
              ? "add the dependency " + artifact + " to the classpath"
              : (guess != null ? "did you mean '" + guess + "'? " : "")
                  + "compute types are "
                  + String.join(", ", known);
      String present = providers.isEmpty() ? "none" : String.join(", ", describeAll(providers));
      String message =
          "no compute provider for type '"
              + type
              + "' (providers present: "
              + present
              + ")"
              + (broken.isEmpty()
                  ? ""
                  : "; providers that failed to load: " + String.join("; ", broken));
      throw new ComputeConfigurationException(
          ConfigurationProblem.of(null, "spec.type", message, fix));
    }
    List<ComputeProvider> matching =
        ofType.stream().filter(p -> p.version().equals(version)).toList();
    if (matching.isEmpty()) {
      String versions =
          ofType.stream()
              .map(ComputeProvider::version)
              .distinct()
              .collect(Collectors.joining(", "));
      throw new ComputeConfigurationException(
          ConfigurationProblem.of(
              null,
              "spec.version",
              "type '"
                  + type
                  + "' has no version '"
                  + version
                  + "' here (available: "
                  + versions
                  + ")",
              "set spec.version to one of "
                  + versions
                  + ", or upgrade the artifact that provides "
                  + type));
    }
    if (matching.size() > 1) {
      throw new ComputeConfigurationException(
          ConfigurationProblem.of(
              null,
              "spec.type",
              "two or more providers claim type '"
                  + type
                  + "' version '"
                  + version
                  + "': "
                  + String.join(", ", describeAll(matching)),
              "keep exactly one of these jars on the classpath (often two versions of the same artifact)"));
    }
    return matching.get(0);
  }

  private static List<String> describeAll(List<ComputeProvider> list) {
    return list.stream().map(ComputeProviders::describe).toList();
  }

  private static String describe(ComputeProvider provider) {
    Class<?> implementation =
        provider instanceof PlatformComputeProvider p
            ? p.platform().getClass()
            : provider.getClass();
    var source = implementation.getProtectionDomain().getCodeSource();
    String where =
        source != null && source.getLocation() != null ? " from " + source.getLocation() : "";
    return provider.type()
        + "/"
        + provider.version()
        + " ("
        + implementation.getName()
        + where
        + ")";
  }
}
