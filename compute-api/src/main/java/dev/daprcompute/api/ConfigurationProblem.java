package dev.daprcompute.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a component or a resource file, and how to fix it.
 *
 * @param file the file it was read from, if any
 * @param line the line in {@code file}, or 0 when unknown
 * @param component the component's name, if known
 * @param field the field, such as {@code spec.type} or {@code metadata.endpoint}, if any
 * @param message what is wrong; never contains a secret value
 * @param fix how to fix it; may be empty
 */
public record ConfigurationProblem(
    @Nullable String file,
    int line,
    @Nullable String component,
    @Nullable String field,
    String message,
    String fix) {

  public ConfigurationProblem {
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(fix, "fix == null");
  }

  /** A problem with a field of a component that did not come from a file. */
  public static ConfigurationProblem of(
      @Nullable String component, @Nullable String field, String message, String fix) {
    return new ConfigurationProblem(null, 0, component, field, message, fix);
  }

  /** This problem located in a file. */
  public ConfigurationProblem at(String file, int line) {
    return new ConfigurationProblem(file, line, component, field, message, fix);
  }

  /**
   * One line: {@code file:line: component 'c', field: message. Fix: fix}, leaving out what is
   * unknown.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (file != null) {
      out.append(file);
      if (line > 0) {
        out.append(':').append(line);
      }
      out.append(": ");
    }
    if (component != null) {
      out.append("component '").append(component).append("'");
      out.append(field != null ? ", " : ": ");
    }
    if (field != null) {
      out.append(field).append(": ");
    }
    out.append(message);
    if (!fix.isEmpty()) {
      out.append(". Fix: ").append(fix);
    }
    return out.toString();
  }
}
