package dev.daprcompute.protocol.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes PEM (RFC 7468, with RFC 1421 headers tolerated). Strict: a body that is not
 * clean base64 is corrupt, never silently skipped. Messages name the block's label, never its body.
 */
public final class Pem {
  private Pem() {}

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----");
  private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ]{1,64})-----");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

  /**
   * One PEM block: its label ({@code PRIVATE KEY}, ...), its RFC 1421 headers and its DER bytes. A
   * value: equal to a block with the same label, headers and bytes. Immutable: the bytes are copied
   * in and out, since they may be a private key that nobody else should be able to change. Its
   * {@code toString} shows the label and the size, never the bytes. Thread-safe.
   */
  public static final class Block {
    private final String label;
    private final Map<String, String> headers;
    private final byte[] der;

    /**
     * @param label the label of its {@code BEGIN} line
     * @param headers its RFC 1421 headers, in order
     * @param der its body, decoded
     */
    public Block(String label, Map<String, String> headers, byte[] der) {
      this.label = Objects.requireNonNull(label, "label == null");
      this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      this.der = der.clone();
    }

    /** The label of its {@code BEGIN} line. */
    public String label() {
      return label;
    }

    /** Its RFC 1421 headers, in order; unmodifiable. */
    public Map<String, String> headers() {
      return headers;
    }

    /** Its body, decoded: a copy. */
    public byte[] der() {
      return der.clone();
    }

    /** The block as text again, for parsers that want PEM. */
    public String text() {
      return encode(label, der);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Block block
          && label.equals(block.label)
          && headers.equals(block.headers)
          && MessageDigest.isEqual(der, block.der);
    }

    @Override
    public int hashCode() {
      return Objects.hash(label, headers, Arrays.hashCode(der));
    }

    @Override
    public String toString() {
      return "Pem.Block[" + label + ", " + der.length + " bytes]";
    }
  }

  /** Whether {@code text} holds a PEM {@code BEGIN} line. */
  public static boolean containsPem(String text) {
    return BEGIN.matcher(text).find();
  }

  /**
   * Every block in {@code text}, in order. Text between blocks is ignored (openssl writes such
   * "explanatory text" for certificates).
   *
   * @param what what the text is, for messages ("the signing key")
   * @throws UnusableKeyException when a block is truncated or its body is not base64
   */
  public static List<Block> parse(String text, String what) {
    List<Block> blocks = new ArrayList<>();
    Matcher begin = BEGIN.matcher(text);
    int from = 0;
    while (begin.find(from)) {
      String label = begin.group(1);
      Matcher end = END.matcher(text);
      if (!end.find(begin.end())) {
        throw corrupt(
            what, label, "it has no '-----END " + label + "-----' line (the text is cut off)");
      }
      if (!end.group(1).equals(label)) {
        throw corrupt(what, label, "it ends with '-----END " + end.group(1) + "-----'");
      }
      blocks.add(block(text.substring(begin.end(), end.start()), label, what));
      from = end.end();
    }
    return blocks;
  }

  private static Block block(String body, String label, String what) {
    Map<String, String> headers = new LinkedHashMap<>();
    StringBuilder base64 = new StringBuilder(body.length());
    for (String line : body.split("\r\n|\r|\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      if (colon > 0 && base64.length() == 0) {
        headers.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip());
      } else {
        base64.append(trimmed);
      }
    }
    if (base64.length() == 0) {
      throw corrupt(what, label, "its body is empty");
    }
    if (base64.length() % 4 != 0 || !BASE64.matcher(base64).matches()) {
      throw corrupt(
          what, label, "its body is not valid base64 (damaged or cut off while copying?)");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw corrupt(
          what, label, "its body is not valid base64 (damaged or cut off while copying?)");
    }
    return new Block(label, headers, der);
  }

  /** {@code der} as a PEM block with 64-character lines and a final newline. */
  public static String encode(String label, byte[] der) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
  }

  /** The error for a block whose content is damaged. */
  public static UnusableKeyException corrupt(String what, String label, String why) {
    return new UnusableKeyException(
        what
            + " is a corrupt PEM block '"
            + label
            + "': "
            + why
            + ". Copy the whole file again, '-----BEGIN' and '-----END' lines included.");
  }
}
