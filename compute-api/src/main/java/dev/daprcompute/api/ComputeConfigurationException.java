package dev.daprcompute.api;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The configuration is wrong: a resource file, a component's metadata, a key, or the providers on
 * the classpath. Lists every problem found, each with where it is and how to fix it.
 */
public class ComputeConfigurationException extends ComputeException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigurationProblem> problems;

  public ComputeConfigurationException(List<ConfigurationProblem> problems) {
    this(problems, null);
  }

  public ComputeConfigurationException(
      List<ConfigurationProblem> problems, @Nullable Throwable cause) {
    super(render(problems), cause);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a configuration error needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** A single problem. */
  public ComputeConfigurationException(ConfigurationProblem problem) {
    this(List.of(problem));
  }

  /** Every problem found, in the order found. */
  public List<ConfigurationProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigurationProblem> problems) {
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size()
        + " configuration problems:\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
