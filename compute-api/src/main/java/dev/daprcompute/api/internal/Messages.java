package dev.daprcompute.api.internal;

/** Helpers for putting untrusted text into error messages and headers. */
public final class Messages {
  private Messages() {}

  /** The longest untrusted value a message shows. */
  public static final int MAX_SHOWN = 64;

  /**
   * {@code value} made safe to show: printable ASCII only (anything else becomes {@code ?}, so no
   * CR/LF can reach a header), at most {@value #MAX_SHOWN} characters (longer values end in
   * {@code ...}).
   */
  public static String quote(String value) {
    return quote(value, MAX_SHOWN);
  }

  /** As {@link #quote(String)}, showing at most {@code max} characters. */
  public static String quote(String value, int max) {
    int length = Math.min(value.length(), max);
    StringBuilder shown = new StringBuilder(length + 3);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      shown.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (value.length() > max) {
      shown.append("...");
    }
    return shown.toString();
  }
}
