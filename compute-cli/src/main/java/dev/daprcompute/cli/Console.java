package dev.daprcompute.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a command prints: its result on stdout, as text or as one JSON document; progress on stdout
 * in text mode and on stderr in JSON mode, so stdout stays parseable; notes on stderr. In JSON mode
 * a failure is a JSON document on stdout too ({@link Failures}), so stdout always holds exactly one
 * document. Not thread-safe except {@link #progress}, which the demo may call from other threads.
 */
final class Console {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputFormat format;
  private final boolean verbose;

  Console(PrintWriter out, PrintWriter err, OutputFormat format, boolean verbose) {
    this.out = out;
    this.err = err;
    this.format = format;
    this.verbose = verbose;
  }

  boolean isJson() {
    return format == OutputFormat.JSON;
  }

  boolean isVerbose() {
    return verbose;
  }

  /** A line of the result (text mode). */
  void println(String line) {
    out.println(line);
    out.flush();
  }

  /** A line of progress: stdout in text mode, stderr in JSON mode. */
  synchronized void progress(String line) {
    PrintWriter to = isJson() ? err : out;
    to.println(line);
    to.flush();
  }

  /** A note beside the result, always on stderr. */
  void note(String line) {
    err.println(line);
    err.flush();
  }

  /** The result as one JSON document. */
  void json(Object value) {
    writeJson(out, value);
  }

  /** {@code value} as one JSON document on {@code to}. */
  static void writeJson(PrintWriter to, Object value) {
    try {
      to.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the result as JSON", e);
    }
    to.flush();
  }

  /** Rows under headers, columns padded to their widest cell; the last column is not padded. */
  void table(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size() && i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** A JSON object that keeps its keys in insertion order. */
  static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /** Headers as JSON: one value, or a list when a name repeats; names in order. */
  static Map<String, Object> headers(Metadata metadata) {
    Map<String, Object> headers = new TreeMap<>();
    metadata
        .asMap()
        .forEach((name, values) -> headers.put(name, values.size() == 1 ? values.get(0) : values));
    return headers;
  }

  /** Puts {@code body} under "body" when it is UTF-8 text, else under "bodyBase64". */
  static void putBody(Map<String, Object> json, String field, Payload body) {
    Optional<String> text = text(body);
    if (text.isPresent()) {
      json.put(field, text.get());
    } else {
      json.put(field + "Base64", Base64.getEncoder().encodeToString(body.unsafeArray()));
    }
  }

  /** {@code body} for a terminal: its text, or a note that it is binary. */
  static String printable(Payload body) {
    return text(body)
        .orElse("(" + body.size() + " bytes of binary data; --output json shows them in base64)");
  }

  /** {@code body} as UTF-8, if it is valid UTF-8. */
  static Optional<String> text(Payload body) {
    return body.utf8Text();
  }
}
