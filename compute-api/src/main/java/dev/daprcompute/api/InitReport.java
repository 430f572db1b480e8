package dev.daprcompute.api;

import dev.daprcompute.protocol.Feature;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link Compute#init} found: each check, the function's self-description and how long it
 * took.
 *
 * @param checks the checks in the order they ran
 * @param protocol the protocol version the function speaks
 * @param functionVersion the function SDK's (or jump function's) version
 * @param sdk the function SDK's name, such as {@code dapr-compute-java}; empty if not given
 * @param functionFeatures the features the function declared
 * @param inputBindings the input bindings the function serves
 * @param attempts how many times the checks ran (retries after platform failures)
 * @param elapsed how long init took
 */
public record InitReport(
    List<InitCheck> checks,
    int protocol,
    String functionVersion,
    String sdk,
    Set<Feature> functionFeatures,
    List<String> inputBindings,
    int attempts,
    Duration elapsed) {

  public InitReport {
    checks = List.copyOf(checks);
    Objects.requireNonNull(functionVersion, "functionVersion == null");
    Objects.requireNonNull(sdk, "sdk == null");
    functionFeatures = Set.copyOf(functionFeatures);
    inputBindings = List.copyOf(inputBindings);
    Objects.requireNonNull(elapsed, "elapsed == null");
  }

  /** The check with this name, if it ran. */
  public Optional<InitCheck> check(String name) {
    return checks.stream().filter(check -> check.name().equals(name)).findFirst();
  }
}
