package dev.daprcompute.api.resources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * YAML documents as small trees that remember the line of every key and value. Jackson's own {@code
 * JsonNode} forgets locations, and its data binding stops at the first problem; we want every
 * problem, each with a line.
 */
final class YamlTree {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlTree() {}

  /** A node of a document; {@code line} is 1-based. */
  sealed interface Node permits Mapping, Sequence, Scalar {
    int line();
  }

  /** A key, where it was written, and its value. */
  record Field(String key, int line, Node value) {}

  /**
   * A mapping; {@code duplicates} holds keys written again after their first occurrence (the first
   * one is kept in {@code fields}), so the reader can report them where it knows the path.
   */
  record Mapping(Map<String, Field> fields, List<Field> duplicates, int line) implements Node {
    /**
     * The field {@code key}, matched case-insensitively when not written exactly: Dapr decodes
     * resources with Go's {@code encoding/json}, which matches keys that way ({@code
     * auth.secretstore} works in daprd).
     */
    @Nullable Field field(String key) {
      Field exact = fields.get(key);
      if (exact != null) {
        return exact;
      }
      for (Field field : fields.values()) {
        if (field.key().equalsIgnoreCase(key)) {
          return field;
        }
      }
      return null;
    }
  }

  record Sequence(List<Node> items, int line) implements Node {}

  /**
   * A scalar as written ({@code 0x10}, {@code yes}, {@code 1.50} stay as they are); {@code text} is
   * null for YAML null. {@code alias} marks {@code *name}, which Jackson reports as the bare anchor
   * name rather than the anchored value.
   */
  record Scalar(@Nullable String text, JsonToken token, boolean alias, int line) implements Node {
    /** Null or empty: {@code key:} with nothing after it reads as an empty string, not as null. */
    boolean isEmpty() {
      return text == null || text.isEmpty();
    }
  }

  /** What was read from one file: the documents before a syntax error, and that error. */
  record Parsed(List<Node> documents, @Nullable SyntaxError error) {}

  /** A YAML syntax error, described without quoting the file (it may hold secrets). */
  record SyntaxError(int line, String message) {}

  static Parsed parse(Reader reader) {
    List<Node> documents = new ArrayList<>();
    try (YAMLParser parser = FACTORY.createParser(reader)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        documents.add(read(parser, token));
      }
      return new Parsed(documents, null);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() != null ? Math.max(e.getLocation().getLineNr(), 0) : 0;
      return new Parsed(documents, new SyntaxError(line, describe(e.getOriginalMessage())));
    } catch (IOException e) {
      return new Parsed(documents, new SyntaxError(0, "cannot be read: " + e));
    }
  }

  private static Node read(YAMLParser parser, JsonToken token) throws IOException {
    int line = line(parser);
    switch (token) {
      case START_OBJECT -> {
        Map<String, Field> fields = new LinkedHashMap<>();
        List<Field> duplicates = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_OBJECT) {
          if (next != JsonToken.FIELD_NAME) {
            throw new IllegalStateException(
                "YAML parser produced " + next + " where a key belongs");
          }
          String key = parser.currentName();
          int keyLine = line(parser);
          Field field = new Field(key, keyLine, read(parser, parser.nextToken()));
          if (fields.putIfAbsent(key, field) != null) {
            duplicates.add(field);
          }
        }
        return new Mapping(Collections.unmodifiableMap(fields), List.copyOf(duplicates), line);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(parser, next));
        }
        return new Sequence(List.copyOf(items), line);
      }
      default -> {
        boolean alias = parser.isCurrentAlias();
        String text = token == JsonToken.VALUE_NULL ? null : parser.getText();
        return new Scalar(text, token, alias, line);
      }
    }
  }

  private static int line(JsonParser parser) {
    return Math.max(parser.currentTokenLocation().getLineNr(), 0);
  }

  /**
   * SnakeYAML's message without its quoted snippets of the file: keeps lines such as "mapping
   * values are not allowed here" and drops the indented excerpts and the "in 'reader'" markers.
   */
  static String describe(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return "is not valid YAML";
    }
    String kept =
        message
            .lines()
            .filter(l -> !l.isBlank())
            .filter(l -> !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .collect(Collectors.joining("; "));
    return kept.isEmpty() ? "is not valid YAML" : kept;
  }
}
