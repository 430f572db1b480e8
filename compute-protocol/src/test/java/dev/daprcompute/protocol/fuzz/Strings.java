package dev.daprcompute.protocol.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Strings for parsers: random text from mixed alphabets, text made of a format's own tokens, and
 * mutations of valid documents (the most effective way to reach the corners of a parser). Every
 * string shrinks by removing parts of it, and then by simplifying characters.
 */
public final class Strings {
  private Strings() {}

  /** Printable ASCII. */
  public static final String PRINTABLE = printable();

  /** The characters that break headers, lines, paths and C strings. */
  public static final String CONTROL = "\r\n\0\t\u000b\u000c\u001b\u007f\u0085\u2028\u2029";

  /** Beyond ASCII: Latin, Greek, CJK, a right-to-left mark, the BOM, a replacement character. */
  public static final String UNICODE = "é\u00fcß\u03bc\u00b5\u4e2d\u200f\ufeff\ufffd\u00a0\u3000";

  /** Lone surrogates and a complete pair: text that is not valid UTF-16, and text that is. */
  public static final String SURROGATES = "\ud800\udfff\ud83d\ude00";

  private static final String MIXED = PRINTABLE + PRINTABLE + CONTROL + UNICODE + SURROGATES;

  private static String printable() {
    StringBuilder out = new StringBuilder();
    for (char c = 0x20; c < 0x7f; c++) {
      out.append(c);
    }
    return out.toString();
  }

  /** Strings of {@code min} to {@code max} characters from {@code alphabet}. */
  public static Gen<String> of(String alphabet, int min, int max) {
    return random -> {
      int length = min + random.nextInt(max - min + 1);
      StringBuilder out = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return shrinking(out.toString(), min);
    };
  }

  /**
   * Any text up to {@code max} characters, mostly printable, with controls, Unicode and broken
   * surrogates.
   */
  public static Gen<String> any(int max) {
    return random ->
        switch (random.nextInt(4)) {
          case 0 -> of(PRINTABLE, 0, max).sample(random);
          case 1 -> of("0123456789abcdefABCDEF.-+:/ ", 0, Math.min(max, 24)).sample(random);
          default -> of(MIXED, 0, max).sample(random);
        };
  }

  /**
   * Valid Unicode text up to {@code max} characters: printable, controls, non-ASCII, whole
   * surrogate pairs only.
   */
  public static Gen<String> unicode(int max) {
    return of(PRINTABLE + PRINTABLE + CONTROL + UNICODE, 0, max)
        .map(s -> s.replace("\u00e9", "\ud83d\ude00"));
  }

  /**
   * Concatenations of {@code tokens} and a little random text: the vocabulary of a format, out of
   * order.
   */
  public static Gen<String> tokens(List<String> tokens, int maxTokens) {
    List<String> vocabulary = List.copyOf(tokens);
    return random -> {
      int count = random.nextInt(maxTokens + 1);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < count; i++) {
        if (random.nextInt(6) == 0) {
          out.append(MIXED.charAt(random.nextInt(MIXED.length())));
        } else {
          out.append(vocabulary.get(random.nextInt(vocabulary.size())));
        }
      }
      return shrinking(out.toString());
    };
  }

  /**
   * Valid documents from {@code seeds}, changed by one to six random edits: characters deleted,
   * inserted, replaced, bit-flipped or re-cased, ranges duplicated or cut off, tokens from {@code
   * dictionary} spliced in, and now and then a part repeated thousands of times.
   */
  public static Gen<String> mutate(Gen<String> seeds, List<String> dictionary) {
    List<String> words = List.copyOf(dictionary);
    return random -> {
      StringBuilder text = new StringBuilder(seeds.next(random));
      int edits = 1 + random.nextInt(6);
      for (int i = 0; i < edits; i++) {
        edit(text, words, random);
      }
      return shrinking(text.toString());
    };
  }

  /**
   * A fragment of {@code fragments} repeated into text of 10,000 to 200,000 characters: for time
   * that grows too fast.
   */
  public static Gen<String> longRuns(List<String> fragments) {
    List<String> list = List.copyOf(fragments);
    return random -> {
      String fragment = list.get(random.nextInt(list.size()));
      int length = 10_000 + random.nextInt(190_000);
      StringBuilder out = new StringBuilder(length + fragment.length());
      while (out.length() < length) {
        out.append(fragment);
      }
      return shrinking(out.toString());
    };
  }

  static void edit(StringBuilder text, List<String> words, Random random) {
    int length = text.length();
    int at = length == 0 ? 0 : random.nextInt(length + 1);
    int span =
        Math.min(length - Math.min(at, length), 1 + random.nextInt(random.nextBoolean() ? 4 : 32));
    switch (random.nextInt(words.isEmpty() ? 9 : 11)) {
      case 0 -> text.delete(at, at + span);
      case 1 -> text.insert(at, MIXED.charAt(random.nextInt(MIXED.length())));
      case 2 -> {
        if (at < length) {
          text.setCharAt(at, MIXED.charAt(random.nextInt(MIXED.length())));
        }
      }
      case 3 -> {
        if (at < length) {
          text.setCharAt(at, (char) (text.charAt(at) ^ (1 << random.nextInt(16))));
        }
      }
      case 4 -> text.insert(at, text.substring(at, at + span));
      case 5 -> text.setLength(at);
      case 6 -> {
        String part = text.substring(at, at + span);
        text.replace(at, at + span, random.nextBoolean() ? part.toUpperCase() : part.toLowerCase());
      }
      case 7 -> text.insert(at, CONTROL.charAt(random.nextInt(CONTROL.length())));
      case 8 -> {
        if (random.nextInt(8) == 0 && span > 0) {
          text.insert(at, text.substring(at, at + span).repeat(2_000 + random.nextInt(8_000)));
        } else {
          text.insert(at, text.substring(at, at + span));
        }
      }
      case 9 -> text.insert(at, words.get(random.nextInt(words.size())));
      default -> text.replace(at, at + span, words.get(random.nextInt(words.size())));
    }
  }

  /** {@code value} with shrink candidates: shorter strings first, then simpler characters. */
  public static Sample<String> shrinking(String value) {
    return shrinking(value, 0);
  }

  /** {@code value} with shrink candidates of at least {@code min} characters. */
  public static Sample<String> shrinking(String value, int min) {
    return new Sample<>(
        value,
        () ->
            candidates(value).stream()
                .filter(s -> s.length() >= min)
                .map(s -> shrinking(s, min))
                .toList());
  }

  private static List<String> candidates(String s) {
    List<String> out = new ArrayList<>();
    int n = s.length();
    if (n == 0) {
      return out;
    }
    out.add("");
    for (int chunk = n / 2; chunk >= 1; chunk /= 2) {
      int added = 0;
      for (int start = 0; start < n && added < 32; start += chunk, added++) {
        out.add(s.substring(0, start) + s.substring(Math.min(n, start + chunk)));
      }
    }
    if (n <= 64) {
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c != 'a' && Character.isLetterOrDigit(c) && c < 0x80) {
          out.add(s.substring(0, i) + 'a' + s.substring(i + 1));
        }
      }
    }
    return out;
  }
}
