package dev.daprcompute.cloudflare.workers.workerd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link Workerd} runs: named services (workers, or external HTTP servers a worker may reach)
 * and the services served on loopback sockets. Written as workerd's Cap'n Proto text configuration;
 * every module and binding value goes through a file ({@code embed}), so no value ever needs
 * escaping. Immutable.
 *
 * <p>The shapes follow Cloudflare's module-worker upload: a module is a part of the multipart form
 * ({@code application/javascript+module} is an {@link ModuleType#ES_MODULE}), and {@code
 * plain_text}, {@code json} and {@code service} bindings map to {@link Binding#text}, {@link
 * Binding#json} and {@link Binding#service}.
 */
public final class WorkerdConfig {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");
  private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_./-]{0,127}");

  /** How workerd reads a module; the names are workerd's. */
  public enum ModuleType {
    ES_MODULE("esModule"),
    COMMON_JS("commonJsModule"),
    TEXT("text"),
    DATA("data"),
    WASM("wasm"),
    JSON("json");

    private final String field;

    ModuleType(String field) {
      this.field = field;
    }
  }

  /** One module of a worker; {@code name} is what imports and {@code main_module} refer to. */
  public record Module(String name, ModuleType type, byte[] content) {
    public Module {
      Objects.requireNonNull(name, "name == null");
      if (!MODULE_NAME.matcher(name).matches() || name.contains("..")) {
        throw new IllegalArgumentException(
            "module name '" + name + "' is not a plain relative file name");
      }
      Objects.requireNonNull(type, "type == null");
      content = content.clone();
    }

    /** An ES module from its source. */
    public static Module esModule(String name, String source) {
      return new Module(name, ModuleType.ES_MODULE, source.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** One binding of a worker: a property of its {@code env}. */
  public record Binding(String name, String kind, byte[] value) {
    public Binding {
      requireName(name, "binding");
      Objects.requireNonNull(kind, "kind == null");
      value = value.clone();
    }

    /** A {@code plain_text} (or {@code secret_text}) binding: a string. */
    public static Binding text(String name, String text) {
      return new Binding(name, "text", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code json} binding: the parsed value. */
    public static Binding json(String name, String json) {
      return new Binding(name, "json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** A data binding: an ArrayBuffer. */
    public static Binding data(String name, byte[] data) {
      return new Binding(name, "data", data);
    }

    /** A {@code service} binding to another service of the configuration. */
    public static Binding service(String name, String service) {
      return new Binding(
          name, "service", requireName(service, "service").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A worker. */
  public record Worker(
      List<Module> modules,
      String compatibilityDate,
      List<String> compatibilityFlags,
      List<Binding> bindings) {
    public Worker {
      modules = List.copyOf(modules);
      if (modules.isEmpty()) {
        throw new IllegalArgumentException(
            "a worker needs at least one module; the first is its main module");
      }
      if (!compatibilityDate.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new IllegalArgumentException(
            "compatibilityDate '" + compatibilityDate + "' is not YYYY-MM-DD");
      }
      compatibilityFlags = List.copyOf(compatibilityFlags);
      compatibilityFlags.forEach(flag -> requireName(flag, "compatibility flag"));
      bindings = List.copyOf(bindings);
    }

    /** A worker whose main module is {@code modules.get(0)}. */
    public static Worker of(
        List<Module> modules, String compatibilityDate, List<Binding> bindings) {
      return new Worker(modules, compatibilityDate, List.of(), bindings);
    }
  }

  private record Service(String name, Worker worker, String externalAddress) {}

  private final Map<String, Service> services;
  private final List<String> exposed;

  private WorkerdConfig(Map<String, Service> services, List<String> exposed) {
    this.services = Map.copyOf(services);
    this.exposed = List.copyOf(exposed);
  }

  /** A new configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** The services served on loopback sockets, in order. */
  public List<String> exposed() {
    return exposed;
  }

  /**
   * Writes the configuration into {@code directory}: the module and binding files, and {@code
   * config.capnp}, with a socket on port 0 of the loopback address for each exposed service
   * (workerd reports the port it got).
   *
   * @return the config file
   */
  Path write(Path directory) throws IOException {
    StringBuilder text =
        new StringBuilder("using Workerd = import \"/workerd/workerd.capnp\";\n\n");
    text.append("const config :Workerd.Config = (\n  services = [\n");
    StringBuilder workers = new StringBuilder();
    int index = 0;
    for (Service service : services.values()) {
      if (service.worker() == null) {
        text.append("    (name = \"")
            .append(service.name())
            .append("\", external = (address = \"")
            .append(service.externalAddress())
            .append("\", http = ())),\n");
        continue;
      }
      String constant = "worker" + index++;
      text.append("    (name = \"")
          .append(service.name())
          .append("\", worker = .")
          .append(constant)
          .append("),\n");
      workers.append(worker(constant, service.worker(), directory));
    }
    text.append("  ],\n  sockets = [\n");
    for (String name : exposed) {
      text.append("    (name = \"")
          .append(name)
          .append("\", address = \"127.0.0.1:0\", http = (), service = \"")
          .append(name)
          .append("\"),\n");
    }
    text.append("  ],\n);\n\n").append(workers);
    Path config = directory.resolve("config.capnp");
    Files.writeString(config, text);
    return config;
  }

  private static String worker(String constant, Worker worker, Path directory) throws IOException {
    Path files = Files.createDirectories(directory.resolve(constant));
    StringBuilder text =
        new StringBuilder("const ")
            .append(constant)
            .append(" :Workerd.Worker = (\n  modules = [\n");
    int index = 0;
    for (Module module : worker.modules()) {
      String file = constant + "/m" + index++;
      Files.write(directory.resolve(file), module.content());
      text.append("    (name = \"")
          .append(module.name())
          .append("\", ")
          .append(module.type().field)
          .append(" = embed \"")
          .append(file)
          .append("\"),\n");
    }
    text.append("  ],\n  compatibilityDate = \"")
        .append(worker.compatibilityDate())
        .append("\",\n");
    if (!worker.compatibilityFlags().isEmpty()) {
      text.append("  compatibilityFlags = [\"")
          .append(String.join("\", \"", worker.compatibilityFlags()))
          .append("\"],\n");
    }
    text.append("  bindings = [\n");
    index = 0;
    for (Binding binding : worker.bindings()) {
      text.append("    (name = \"").append(binding.name()).append("\", ");
      if (binding.kind().equals("service")) {
        text.append("service = \"")
            .append(new String(binding.value(), StandardCharsets.UTF_8))
            .append("\"");
      } else {
        String file = constant + "/b" + index++;
        Files.write(directory.resolve(file), binding.value());
        text.append(binding.kind()).append(" = embed \"").append(file).append("\"");
      }
      text.append("),\n");
    }
    return text.append("  ],\n);\n\n").toString();
  }

  private static String requireName(String name, String what) {
    Objects.requireNonNull(name, what + " name == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' must be letters, digits, '_', '.' or '-'");
    }
    return name;
  }

  /** Builds a {@link WorkerdConfig}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<String> exposed = new ArrayList<>();

    private Builder() {}

    /** A worker named {@code name}. */
    public Builder worker(String name, Worker worker) {
      return add(
          new Service(
              requireName(name, "service"),
              Objects.requireNonNull(worker, "worker == null"),
              null));
    }

    /** An HTTP server outside workerd, {@code host:port}, that workers can be bound to. */
    public Builder external(String name, String address) {
      if (!address.matches("[A-Za-z0-9.\\[\\]:-]+:\\d{1,5}")) {
        throw new IllegalArgumentException("external address '" + address + "' is not host:port");
      }
      return add(new Service(requireName(name, "service"), null, address));
    }

    /** Serves service {@code name} on a free loopback port of its own. */
    public Builder expose(String name) {
      if (!services.containsKey(name)) {
        throw new IllegalArgumentException("no service '" + name + "' to expose; add it first");
      }
      if (!exposed.contains(name)) {
        exposed.add(name);
      }
      return this;
    }

    private Builder add(Service service) {
      if (services.putIfAbsent(service.name(), service) != null) {
        throw new IllegalArgumentException("two services named '" + service.name() + "'");
      }
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException when nothing is exposed or a service binding names no
     *     service
     */
    public WorkerdConfig build() {
      if (exposed.isEmpty()) {
        throw new IllegalArgumentException(
            "expose at least one service, or nothing can be reached");
      }
      for (Service service : services.values()) {
        if (service.worker() == null) {
          continue;
        }
        for (Binding binding : service.worker().bindings()) {
          String target = new String(binding.value(), StandardCharsets.UTF_8);
          if (binding.kind().equals("service") && !services.containsKey(target)) {
            throw new IllegalArgumentException(
                "service binding "
                    + binding.name()
                    + " of '"
                    + service.name()
                    + "' names service '"
                    + target
                    + "', which the configuration lacks");
          }
        }
      }
      return new WorkerdConfig(services, exposed);
    }
  }
}
