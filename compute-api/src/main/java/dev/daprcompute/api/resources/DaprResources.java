package dev.daprcompute.api.resources;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.internal.Spelling;
import dev.daprcompute.api.resources.YamlTree.Mapping;
import dev.daprcompute.api.resources.YamlTree.Node;
import dev.daprcompute.api.resources.YamlTree.Parsed;
import dev.daprcompute.api.resources.YamlTree.Scalar;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Dapr resources of a directory, as daprd's {@code --resources-path} reads them: every {@code
 * .yaml} and {@code .yml} file directly in it (not in subdirectories), in name order, each possibly
 * holding several {@code ---}-separated documents. Documents of {@code kind: Component} become
 * {@link ComponentResource}s; Dapr's other kinds (Subscription, Resiliency, Configuration,
 * HTTPEndpoint), other APIs' resources and empty documents are skipped, and what was skipped is
 * said when no component is found. A {@code dapr.io} resource of an unknown kind, or a kind spelled
 * like a Dapr kind ({@code Componnet}), is a problem naming the kind it resembles: daprd would skip
 * it without a word.
 *
 * <p>Loading reports every problem in every file at once, as one {@link
 * ComputeConfigurationException}, each problem naming the file, line, component and field and
 * saying how to fix it. Nothing is resolved here: secrets are read later, by {@link ComputeLoader}.
 * Immutable and thread-safe.
 */
public final class DaprResources {
  /** The kinds of resource daprd reads from its resources path. */
  static final List<String> DAPR_KINDS =
      List.of("Component", "Configuration", "Subscription", "Resiliency", "HTTPEndpoint");

  private final Path directory;
  private final List<Path> files;
  private final List<ComponentResource> components;
  private final List<String> skipped;

  private DaprResources(
      Path directory, List<Path> files, List<ComponentResource> components, List<String> skipped) {
    this.directory = directory;
    this.files = List.copyOf(files);
    this.components = List.copyOf(components);
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Reads the components in {@code resourcesDir}.
   *
   * @throws ComputeConfigurationException listing every problem: a directory that does not exist or
   *     holds no YAML, syntax errors, schema errors and duplicate component names
   */
  public static DaprResources load(Path resourcesDir) {
    Objects.requireNonNull(resourcesDir, "resourcesDir == null");
    String dir = resourcesDir.toString();
    if (!Files.isDirectory(resourcesDir)) {
      String message = Files.exists(resourcesDir) ? "is not a directory" : "does not exist";
      throw new ComputeConfigurationException(
          new ConfigurationProblem(
              dir,
              0,
              null,
              null,
              "the resources path " + message,
              "pass the directory that holds the Component YAML files (daprd's --resources-path)"));
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(resourcesDir)) {
      files =
          list.filter(DaprResources::isYaml)
              .filter(Files::isRegularFile)
              .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      throw new ComputeConfigurationException(
          List.of(
              new ConfigurationProblem(
                  dir,
                  0,
                  null,
                  null,
                  "the resources directory cannot be listed (" + e.getClass().getSimpleName() + ")",
                  "make the directory readable by this process")),
          e);
    }
    if (files.isEmpty()) {
      throw new ComputeConfigurationException(
          new ConfigurationProblem(
              dir,
              0,
              null,
              null,
              "the resources directory holds no .yaml or .yml files",
              "put the Component YAML files directly in "
                  + dir
                  + " (subdirectories are not read)"));
    }

    List<ConfigurationProblem> problems = new ArrayList<>();
    List<ComponentResource> components = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      String name = file.toString();
      ResourceReader reader = new ResourceReader(name, problems);
      List<Mapping> documents = documents(file, problems);
      if (documents.isEmpty()) {
        skipped.add(name + " (no YAML document)");
      }
      for (Mapping document : documents) {
        String kind = ResourceReader.kind(document);
        String where = name + (document.line() > 0 ? ":" + document.line() : "");
        if ("Component".equals(kind)) {
          ComponentResource component = reader.component(document);
          if (component != null) {
            components.add(component);
          }
        } else if (kind != null && kind.equalsIgnoreCase("Component")) {
          // daprd matches the kind exactly and would skip this document without a word.
          problems.add(
              new ConfigurationProblem(
                  name,
                  document.line(),
                  null,
                  "kind",
                  "is '" + kind + "'; Dapr only reads 'Component' (exact case)",
                  "write 'kind: Component'"));
        } else if (kind == null && looksLikeDapr(document)) {
          problems.add(
              new ConfigurationProblem(
                  name,
                  document.line(),
                  null,
                  "kind",
                  "is missing from a dapr.io resource",
                  "add 'kind: Component' (or the resource's kind)"));
        } else if (kind != null
            && !DAPR_KINDS.contains(kind)
            && (looksLikeDapr(document) || Spelling.closest(kind, DAPR_KINDS) != null)) {
          String closest = Spelling.closest(kind, DAPR_KINDS);
          problems.add(
              new ConfigurationProblem(
                  name,
                  document.line(),
                  null,
                  "kind",
                  "is '"
                      + kind
                      + "', which is not a kind of Dapr resource, so daprd would skip this document",
                  closest != null
                      ? "did you mean 'kind: " + closest + "'?"
                      : "write one of " + String.join(", ", DAPR_KINDS)));
        } else {
          skipped.add(
              where + " (" + (kind != null ? "kind " + kind : "no kind") + ", not a Component)");
        }
      }
    }
    checkDuplicates(components, problems);
    if (!problems.isEmpty()) {
      throw new ComputeConfigurationException(problems);
    }
    return new DaprResources(resourcesDir, files, components, skipped);
  }

  /**
   * Reads the {@code kind: Configuration} resource in {@code file}: its name and {@code
   * spec.compute}. Other {@code spec} fields are Dapr's and are not checked here.
   *
   * @throws ComputeConfigurationException listing every problem, including a file that does not
   *     exist or holds no (or more than one) Configuration
   */
  public static ConfigurationResource loadConfiguration(Path file) {
    Objects.requireNonNull(file, "file == null");
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ComputeConfigurationException(
          new ConfigurationProblem(
              name,
              0,
              null,
              null,
              Files.exists(file)
                  ? "the configuration is not a file"
                  : "the configuration file does not exist",
              "pass the path of the YAML file holding the 'kind: Configuration' resource (daprd's --config)"));
    }
    List<ConfigurationProblem> problems = new ArrayList<>();
    List<Mapping> configurations =
        documents(file, problems).stream()
            .filter(doc -> "Configuration".equals(ResourceReader.kind(doc)))
            .toList();
    if (problems.isEmpty() && configurations.isEmpty()) {
      problems.add(
          new ConfigurationProblem(
              name,
              0,
              null,
              "kind",
              "the file holds no 'kind: Configuration' resource",
              "pass the file of a Dapr Configuration (apiVersion: dapr.io/v1alpha1, kind: Configuration)"));
    }
    if (configurations.size() > 1) {
      problems.add(
          new ConfigurationProblem(
              name,
              configurations.get(1).line(),
              null,
              "kind",
              "the file holds "
                  + configurations.size()
                  + " Configuration resources; daprd reads one",
              "keep one Configuration in the file"));
    }
    ConfigurationResource configuration = null;
    if (!configurations.isEmpty()) {
      configuration = new ResourceReader(name, problems).configuration(configurations.get(0));
    }
    if (!problems.isEmpty() || configuration == null) {
      throw new ComputeConfigurationException(problems);
    }
    return configuration;
  }

  /** The directory read. */
  public Path directory() {
    return directory;
  }

  /** The YAML files read, in the order read. */
  public List<Path> files() {
    return files;
  }

  /** Every component, in file order. */
  public List<ComponentResource> components() {
    return components;
  }

  /**
   * The files and documents that held no component, each with why: {@code file:line (kind
   * Subscription, not a Component)}, {@code file (no YAML document)}. For messages.
   */
  List<String> skipped() {
    return skipped;
  }

  /** The component called {@code name}. */
  public Optional<ComponentResource> component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return "DaprResources["
        + directory
        + ", components="
        + components.stream().map(ComponentResource::name).toList()
        + "]";
  }

  private static boolean isYaml(Path file) {
    // Case-sensitive, as daprd's loader compares extensions.
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /**
   * The non-empty mapping documents of {@code file}; a syntax error ends the file with a problem.
   */
  private static List<Mapping> documents(Path file, List<ConfigurationProblem> problems) {
    String name = file.toString();
    Parsed parsed;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      parsed = YamlTree.parse(reader);
    } catch (IOException e) {
      problems.add(
          new ConfigurationProblem(
              name,
              0,
              null,
              null,
              "cannot be read (" + e.getClass().getSimpleName() + ")",
              "make the file readable by this process"));
      return List.of();
    }
    if (parsed.error() != null) {
      YamlTree.SyntaxError error = parsed.error();
      problems.add(
          new ConfigurationProblem(
              name,
              error.line(),
              null,
              null,
              "is not valid YAML: " + error.message(),
              "fix the YAML syntax"
                  + (error.line() > 0 ? " at or just before line " + error.line() : "")
                  + " (indentation, quoting, a space after ':')"));
    }
    List<Mapping> documents = new ArrayList<>();
    for (Node node : parsed.documents()) {
      // Empty documents (a bare '---', comments only) and stray scalars or lists are not resources.
      if (node instanceof Mapping mapping) {
        documents.add(mapping);
      }
    }
    return documents;
  }

  private static boolean looksLikeDapr(Mapping document) {
    var apiVersion = document.field("apiVersion");
    return apiVersion != null
        && apiVersion.value() instanceof Scalar s
        && s.text() != null
        && s.text().startsWith("dapr.io/");
  }

  private static void checkDuplicates(
      List<ComponentResource> components, List<ConfigurationProblem> problems) {
    Map<String, ComponentResource> first = new LinkedHashMap<>();
    for (ComponentResource component : components) {
      ComponentResource earlier = first.putIfAbsent(component.name(), component);
      if (earlier != null) {
        problems.add(
            new ConfigurationProblem(
                component.file(),
                component.line(),
                component.name(),
                "metadata.name",
                "is also the name of the component at " + earlier.location(),
                "give each component a unique metadata.name, or delete one of them"));
      }
    }
  }
}
