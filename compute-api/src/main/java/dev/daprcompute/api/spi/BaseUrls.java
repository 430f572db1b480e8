package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.protocol.internal.Redact;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The one policy for a base URL in component metadata, for every provider: {@code http://} or
 * {@code https://}, no query or fragment (a base is what protocol paths are appended to, and a
 * query is where credentials such as {@code ?code=} leak into logs), and plain {@code http://}
 * only to loopback unless the component sets {@code allowInsecureHttp: true} (tokens and data
 * would otherwise travel unencrypted). Messages show URLs {@linkplain Redact#url redacted}.
 * Thread-safe; stateless.
 */
public final class BaseUrls {
  private BaseUrls() {}

  /** The metadata field that allows plain {@code http://} beyond loopback. */
  public static final String ALLOW_INSECURE_HTTP = "allowInsecureHttp";

  /** Its declaration, for a provider's field list. */
  public static final MetadataField ALLOW_INSECURE_HTTP_FIELD = MetadataField.optional(ALLOW_INSECURE_HTTP, Kind.BOOLEAN,
      "allow plain http:// to hosts other than loopback; default false (tokens would travel unencrypted)");

  /**
   * Field {@code field} of {@code metadata}, whose value is {@code uri}, as a base URL under the
   * policy above; adds every problem to {@code problems} and returns {@code null} when it is not
   * usable.
   */
  public static @Nullable HttpUrl read(ComponentMetadata metadata, String field, URI uri,
      List<ConfigurationProblem> problems) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    HttpUrl url = HttpUrl.parse(uri.toString());
    String shown = "'" + Redact.url(uri.toString()) + "'";
    if (url == null || !(scheme.equals("http") || scheme.equals("https"))) {
      problems.add(metadata.problem(field, shown + " is not an http:// or https:// URL", "write an https:// URL"));
      return null;
    }
    boolean usable = true;
    if (url.encodedQuery() != null || uri.getRawFragment() != null) {
      problems.add(metadata.problem(field, shown + " has a query or fragment",
          "remove it: this is a base URL that protocol paths are appended to (credentials go in their own fields)"));
      usable = false;
    }
    if (!url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()) {
      problems.add(metadata.problem(field, shown + " carries user info",
          "remove it: credentials go in the provider's own (secret) fields"));
      usable = false;
    }
    boolean allowInsecure = metadata.bool(ALLOW_INSECURE_HTTP).orElse(false);
    if (scheme.equals("http") && !allowInsecure && !isLoopback(url.host())) {
      problems.add(metadata.problem(field, shown + " is plain http:// to a host that is not loopback, so tokens and "
          + "data would travel unencrypted", "use https://, or set " + ALLOW_INSECURE_HTTP + ": true if the network is trusted"));
      usable = false;
    }
    return usable ? url : null;
  }

  /** Loopback by name or literal address; never resolved, so DNS cannot make a host "local". */
  public static boolean isLoopback(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = bare.contains(":") && bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    if (!ipv4 && !ipv6) {
      return false; // a name: only localhost counts, never what DNS says
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** {@code url} for messages and as a default audience: redacted, without a trailing slash. */
  public static String display(HttpUrl url) {
    String text = Redact.url(url.toString());
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }
}
