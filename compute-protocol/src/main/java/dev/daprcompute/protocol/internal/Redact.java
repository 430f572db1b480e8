package dev.daprcompute.protocol.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Makes text safe for messages and logs: URLs lose their user info and query (where credentials
 * such as {@code ?code=<function key>} travel), token-like text is replaced. Thread-safe.
 */
public final class Redact {
  private Redact() {}

  private static final Pattern USER_INFO = Pattern.compile("//[^/?#]*@");
  private static final Pattern TOKEN_LIKE =
      Pattern.compile("(?i)bearer\\s+\\S+|eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  /**
   * {@code url} without user info, query or fragment ({@code ?[redacted]} marks a removed query),
   * at most 200 characters of printable ASCII. Text that is no URI loses what looks like user info
   * ({@code //...@}) and everything from the first {@code ?}; an opaque URI ({@code mailto:}) is
   * shown as {@code [not a URL]}.
   */
  public static String url(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      // Not even a URI: still drop whatever looks like user info or a query.
      String text = USER_INFO.matcher(url.trim()).replaceFirst("//[redacted]@");
      int query = text.indexOf('?');
      return Messages.quote(query >= 0 ? text.substring(0, query) + "?[redacted]" : text, 200);
    }
    StringBuilder shown = new StringBuilder();
    if (uri.getScheme() != null) {
      shown.append(uri.getScheme()).append(':');
    }
    if (uri.getRawAuthority() != null) {
      shown.append("//");
      if (uri.getRawUserInfo() != null) {
        shown.append("[redacted]@");
      }
      if (uri.getHost() != null) {
        shown.append(uri.getHost());
        if (uri.getPort() >= 0) {
          shown.append(':').append(uri.getPort());
        }
      } else {
        String authority = uri.getRawAuthority();
        shown.append(authority.substring(authority.lastIndexOf('@') + 1));
      }
    }
    if (uri.getRawPath() != null) {
      shown.append(uri.getRawPath());
    } else if (uri.getRawSchemeSpecificPart() != null && uri.getRawAuthority() == null) {
      return "[not a URL]"; // opaque (mailto:...): nothing worth showing
    }
    if (uri.getRawQuery() != null) {
      shown.append("?[redacted]");
    }
    return Messages.quote(shown.toString(), 200);
  }

  /** {@code text} with bearer credentials and JWTs replaced by {@code [redacted]}. */
  public static String tokens(String text) {
    return TOKEN_LIKE.matcher(text).replaceAll("[redacted]");
  }
}
