package dev.daprcompute.cli;

import dev.daprcompute.api.internal.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A positive duration in Go's syntax, as Dapr writes them: {@code 500ms}, {@code 30s}, {@code
 * 1m30s}.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration duration;
    try {
      duration = GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a duration: write a number and a unit, such as 500ms,"
              + " 30s or 1m30s");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new TypeConversionException("'" + value + "' must be more than zero");
    }
    return duration;
  }
}
