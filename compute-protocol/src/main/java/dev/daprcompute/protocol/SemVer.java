package dev.daprcompute.protocol;

import dev.daprcompute.protocol.internal.Messages;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Semantic versions, compared by precedence (semver.org section 11); build metadata is ignored. */
public record SemVer(int major, int minor, int patch, String preRelease)
    implements Comparable<SemVer> {
  private static final int MAX_LENGTH = 256;

  private static final Pattern FORM =
      Pattern.compile(
          "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

  /**
   * Parses {@code 1.2.3}, {@code v1.2}, {@code 2}, {@code 1.0.0-rc.1}.
   *
   * @throws IllegalArgumentException when {@code text} is not a version
   */
  public static SemVer parse(String text) {
    if (text.length() > MAX_LENGTH) {
      // Java's regular expressions recurse per repeated group: a long text would overflow the
      // stack.
      throw new IllegalArgumentException(
          "'"
              + Messages.quote(text)
              + "' is not a semantic version such as 1.2.3: it is"
              + " longer than "
              + MAX_LENGTH
              + " characters");
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a semantic version such as 1.2.3");
    }
    try {
      return new SemVer(
          Integer.parseInt(m.group(1)),
          m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
          m.group(4) == null ? "" : m.group(4));
    } catch (NumberFormatException tooLarge) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a semantic version such as 1.2.3: a number in it is"
              + " larger than 2147483647");
    }
  }

  @Override
  public int compareTo(SemVer o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, o.patch);
    }
    if (c != 0) {
      return c;
    }
    if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
    }
    String[] a = preRelease.split("\\.", -1);
    String[] b = o.preRelease.split("\\.", -1);
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      boolean an = a[i].chars().allMatch(Character::isDigit);
      boolean bn = b[i].chars().allMatch(Character::isDigit);
      int d =
          an && bn
              ? new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]))
              : an ? -1 : bn ? 1 : a[i].compareTo(b[i]);
      if (d != 0) {
        return d;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
