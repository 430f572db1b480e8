package dev.daprcompute.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Strings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Call metadata on its way to headers, and method paths on their way below a base URL. */
@DisplayName("headers and method paths: any input is sent safely or refused clearly")
class HeaderAndPathPropertiesTest {
  private static final String SECRET = "hdrS3cretV4lue";

  private static final List<String> NAMES =
      List.of(
          "authorization",
          "Authorization",
          "dapr-api-token",
          "dapr-authorization",
          "connection",
          "keep-alive",
          "upgrade",
          "host",
          "content-length",
          "content-type",
          "transfer-encoding",
          "te",
          "trailer",
          "x-custom",
          "X-Custom",
          "grpc-timeout",
          ":authority",
          "traceparent",
          "x-functions-key",
          "proxy-authorization",
          "expect",
          "dapr-compute-protocol",
          "cookie",
          "x");

  private static final Gen<String> NAME =
      Gen.oneOf(
          Gen.elementOf(NAMES), Strings.any(10), Strings.mutate(Gen.elementOf(NAMES), List.of()));

  private static final Gen<String> VALUE =
      Gen.oneOf(
          Strings.any(20),
          Strings.any(8).map(s -> s + SECRET + s),
          Gen.constant(SECRET),
          Strings.mutate(
              Gen.elementOf(List.of("Bearer " + SECRET, "x-custom, keep-alive", "close", "a,b,c")),
              NAMES));

  private static boolean isToken(String name) {
    return !name.isEmpty()
        && name.chars()
            .allMatch(
                c ->
                    (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
  }

  private static boolean splits(String value) {
    return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0;
  }

  @Test
  @DisplayName(
      "a header is accepted exactly when its name is an HTTP token and its value cannot split the request; the value is never shown")
  void check() {
    Fuzz.forAll(
        2_000,
        Gen.zip(NAME, VALUE, List::of),
        header -> {
          String name = header.get(0);
          String value = header.get(1);
          Contract.Ending<Object> checked =
              Contract.resultOr(
                  IllegalArgumentException.class,
                  value.equals(SECRET) || value.contains(SECRET) ? Set.of(SECRET) : Set.of(),
                  () -> {
                    SafeHeaders.check(name, value);
                    return name;
                  });
          assertThat(checked.returned())
              .as("%s: %s", name, value)
              .isEqualTo(isToken(name) && !splits(value));
        });
  }

  @Test
  @DisplayName(
      "call metadata never forwards hop-by-hop headers, the token headers, gRPC's keys or daprd's API token")
  void copyMetadata() {
    Gen<List<List<String>>> entries = Gen.lists(Gen.zip(NAME, VALUE, List::of), 0, 6);
    Fuzz.forAll(
        2_000,
        Gen.zip(entries, Gen.bools(), List::of),
        input -> {
          @SuppressWarnings("unchecked")
          List<List<String>> pairs = (List<List<String>>) input.get(0);
          boolean tokenInAuthorization = (Boolean) input.get(1);
          Metadata.Builder in = Metadata.builder();
          pairs.forEach(p -> in.add(p.get(0), p.get(1)));
          Metadata metadata = in.build();
          Metadata.Builder out = Metadata.builder();
          Contract.Ending<Metadata> copied =
              Contract.resultOr(
                  IllegalArgumentException.class,
                  Set.of(SECRET),
                  () -> {
                    SafeHeaders.copyMetadata(metadata, tokenInAuthorization, out);
                    return out.build();
                  });
          if (!copied.returned()) {
            return;
          }
          Set<String> namedInConnection = new HashSet<>();
          metadata
              .all("connection")
              .forEach(
                  v ->
                      List.of(v.split(","))
                          .forEach(t -> namedInConnection.add(t.trim().toLowerCase(Locale.ROOT))));
          for (String name : copied.get().names()) {
            assertThat(name)
                .isNotIn(
                    "connection",
                    "keep-alive",
                    "transfer-encoding",
                    "upgrade",
                    "host",
                    "te",
                    "trailer",
                    "content-length",
                    "content-type",
                    "dapr-authorization",
                    "dapr-compute-protocol",
                    "dapr-api-token",
                    "proxy-authorization",
                    "expect");
            assertThat(name).doesNotStartWith("grpc-").doesNotStartWith(":");
            assertThat(namedInConnection).doesNotContain(name);
            if (tokenInAuthorization) {
              assertThat(name).isNotEqualTo("authorization");
            }
            assertThat(isToken(name)).isTrue();
            copied.get().all(name).forEach(v -> assertThat(splits(v)).isFalse());
          }
        });
  }

  private static final List<String> PATH_WORDS =
      List.of(
          "/",
          "//",
          ".",
          "..",
          "%2e",
          "%2E",
          "%2e%2e",
          ".%2e",
          "%2f",
          "%2F",
          "%5c",
          "%00",
          "%",
          "%4",
          "%41",
          "%zz",
          "\\",
          "?",
          "#",
          ";",
          "orders",
          "a b",
          "\u00e9",
          "\ud83d\ude00",
          "\ud800",
          "\r",
          "\n",
          "\0",
          "+",
          "@",
          ":");

  private static final Gen<String> PATHS =
      Gen.oneOf(
          Strings.tokens(PATH_WORDS, 8),
          Strings.any(16),
          Strings.mutate(
              Gen.elementOf(List.of("orders/42", "/a/b/../c", "v1.0/invoke/app/method/x")),
              PATH_WORDS));

  @Test
  @DisplayName(
      "a method path never climbs above the base URL, never carries CR, LF or NUL, and normalises to itself")
  void paths() {
    Fuzz.forAll(
        3_000,
        PATHS,
        method -> {
          Contract.Ending<String> normal =
              Contract.resultOr(
                  IllegalArgumentException.class, Set.of(), () -> SafePaths.normalize(method));
          if (splits(method)) {
            assertThat(normal.returned()).as("CR, LF or NUL in %s", method).isFalse();
          }
          if (!normal.returned()) {
            return;
          }
          String path = normal.get();
          assertThat(path).startsWith("/").doesNotContain("//").doesNotContain("\\");
          assertThat(splits(path)).isFalse();
          for (String segment : path.substring(1).split("/", -1)) {
            String decoded = percentDecoded(segment);
            assertThat(decoded)
                .as("segment of %s", path)
                .isNotIn(".", "..")
                .doesNotContain("/")
                .doesNotContain("\\");
          }
          assertThat(path.chars().allMatch(c -> c > 0x20 && c < 0x7f))
              .as("ASCII only: %s", path)
              .isTrue();
          assertThat(SafePaths.normalize(path)).isEqualTo(path);
        });
  }

  @Test
  @DisplayName("a query string is passed on only without CR, LF, NUL or '#'")
  void queries() {
    Fuzz.forAll(
        2_000,
        Gen.oneOf(
            Strings.any(16), Strings.tokens(List.of("?", "a=1", "&", "#", "%23", "\r\n", "\0"), 6)),
        query -> {
          Contract.Ending<String> checked =
              Contract.resultOr(
                  IllegalArgumentException.class, Set.of(), () -> SafePaths.query(query));
          String q = query.startsWith("?") ? query.substring(1) : query;
          boolean bad = splits(q) || q.indexOf('#') >= 0;
          assertThat(checked.returned()).as(query).isEqualTo(!bad);
          if (checked.returned()) {
            assertThat(checked.get()).isEqualTo(q);
          }
        });
  }

  @Test
  @DisplayName("text shown in a message or a log line cannot break the line")
  void printable() {
    Fuzz.forAll(
        2_000,
        Gen.oneOf(Strings.any(40), PATHS),
        text -> {
          String shown = SafePaths.printable(text);
          assertThat(
                  shown
                      .chars()
                      .noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029))
              .as("%s shown as %s", text, shown)
              .isTrue();
          assertThat(shown.length()).isLessThanOrEqualTo(200 * 6 + 3);
        });
  }

  /**
   * Percent-decoding as a lenient server does it: valid escapes become their bytes, the rest stays.
   */
  private static String percentDecoded(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%'
          && i + 2 < segment.length()
          && Character.digit(segment.charAt(i + 1), 16) >= 0
          && Character.digit(segment.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
