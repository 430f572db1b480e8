package dev.daprcompute.cli;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the calling commands read from their flags: {@code --data S|@file} and {@code name=value}
 * pairs.
 */
final class Inputs {
  private Inputs() {}

  /**
   * {@code --data}: the text itself, or the bytes of a file when it starts with {@code @}; empty
   * when absent.
   */
  static Payload data(@Nullable String data) {
    if (data == null) {
      return Payload.empty();
    }
    if (!data.startsWith("@")) {
      return Payload.ofUtf8(data);
    }
    Path file = Path.of(data.substring(1));
    try {
      return Payload.wrap(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw CliException.usage("--data " + data + ": the file " + file + " does not exist");
    } catch (IOException e) {
      throw CliException.usage(
          "--data " + data + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The content type to send: {@code --content-type} when given; else none for no data, {@code
   * application/json} for JSON, {@code text/plain} for other text, and {@code
   * application/octet-stream} for bytes.
   */
  static String contentType(@Nullable String explicit, Payload data) {
    if (explicit != null) {
      return explicit;
    }
    if (data.isEmpty()) {
      return "";
    }
    if (Json.isWellFormed(data.unsafeArray())) {
      return "application/json";
    }
    return Console.text(data).isPresent()
        ? "text/plain; charset=utf-8"
        : "application/octet-stream";
  }

  /** {@code name=value} pairs, in order; a later name replaces an earlier one. */
  static Map<String, String> pairs(List<String> pairs, String option) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage(option + " '" + pair + "' must be name=value");
      }
      map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
    }
    return map;
  }

  /** {@code name=value} pairs as headers; a repeated name keeps every value. */
  static Metadata headers(List<String> pairs, String option) {
    Metadata.Builder headers = Metadata.builder();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage(option + " '" + pair + "' must be name=value");
      }
      headers.add(pair.substring(0, eq).trim(), pair.substring(eq + 1));
    }
    return headers.build();
  }
}
