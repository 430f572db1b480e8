package dev.daprcompute.protocol.wire;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Protocol;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code 401} challenge by which a function rejects a token and says why (RFC 6750 section 3):
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="<why>"}. The function
 * side writes it, the component reads it to tell its operator exactly what to fix (an expired
 * token, another audience, an unknown key). Thread-safe; stateless.
 */
public final class TokenChallenge {
  private TokenChallenge() {}

  private static final Pattern ERROR_DESCRIPTION =
      Pattern.compile("error_description=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * The {@code WWW-Authenticate} value rejecting a token because of {@code description}: {@code "}
   * and {@code \} escaped, anything but printable ASCII replaced by {@code ?} (so the header cannot
   * be split). {@code description} must be safe to send back: no token, no key material.
   */
  public static String write(String description) {
    StringBuilder escaped = new StringBuilder(description.length() + 8);
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (c == '"' || c == '\\') {
        escaped.append('\\').append(c);
      } else {
        escaped.append(c >= 0x20 && c < 0x7f ? c : '?'); // RFC 6750: printable ASCII; never CR/LF
      }
    }
    return "Bearer error=\"invalid_token\", error_description=\"" + escaped + "\"";
  }

  /**
   * Why a reply rejects the token: the {@code error_description} of a {@code 401} with a {@code
   * Bearer} challenge for {@code invalid_token} (empty when it gives none); empty when the reply is
   * anything else.
   */
  public static Optional<String> read(int status, Metadata headers) {
    if (status != 401) {
      return Optional.empty();
    }
    for (String value : headers.all(Protocol.WWW_AUTHENTICATE)) {
      if (value.regionMatches(true, 0, "Bearer", 0, 6) && value.contains("invalid_token")) {
        Matcher m = ERROR_DESCRIPTION.matcher(value);
        return Optional.of(m.find() ? m.group(1).replaceAll("\\\\(.)", "$1") : "");
      }
    }
    return Optional.empty();
  }
}
