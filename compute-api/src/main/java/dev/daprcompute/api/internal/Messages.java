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
    int length = Math.min(value.length(), MAX_SHOWN);
    StringBuilder shown = new StringBuilder(length + 3);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      shown.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (value.length() > MAX_SHOWN) {
      shown.append("...");
    }
    return shown.toString();
  }
}
