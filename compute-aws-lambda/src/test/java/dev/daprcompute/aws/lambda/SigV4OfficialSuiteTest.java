package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the official AWS Signature Version 4 test suite (Apache 2.0, read from
 * {@code ../shared/vectors/aws-sig-v4-test-suite} at test time, not copied here): our canonical
 * request, string to sign and Authorization header must be the suite's, byte for byte. A clone
 * without the suite skips visibly; {@link SigV4LambdaVectorsTest} still proves the signer there.
 */
@DisplayName("SigV4: the official AWS test suite")
class SigV4OfficialSuiteTest {
  private static final String ACCESS_KEY = "AKIDEXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");

  /** Cases botocore skips too, and why. */
  private static final Map<String, String> SKIPPED = Map.of(
      "normalize-path/get-space", "its request line 'GET /example space/ HTTP/1.1' holds a raw space, so it is no valid "
          + "HTTP request line and no client can send it (botocore skips it for the same reason)");

  static Path suite() {
    String shared = System.getProperty("dapr.compute.shared", "../../shared");
    return Path.of(shared, "vectors", "aws-sig-v4-test-suite");
  }

  @TestFactory
  @DisplayName("each case signs exactly as the suite says")
  Stream<DynamicTest> officialCases() throws IOException {
    Path suite = suite();
    if (!Files.isDirectory(suite)) {
      return Stream.of(DynamicTest.dynamicTest("the official suite is present", () ->
          assumeTrue(false, "the official SigV4 suite is not at " + suite.toAbsolutePath()
              + " (it is not part of this repository); SigV4LambdaVectorsTest proves the signer without it")));
    }
    List<Path> cases;
    try (Stream<Path> files = Files.walk(suite)) {
      cases = files.filter(p -> p.getFileName().toString().endsWith(".req")).sorted().toList();
    }
    assertThat(cases).as("cases in %s", suite).hasSizeGreaterThanOrEqualTo(30);
    return cases.stream().map(req -> {
      String name = suite.relativize(req.getParent()).toString().replace('\\', '/');
      return DynamicTest.dynamicTest(name, () -> {
        String skip = SKIPPED.get(name);
        assumeTrue(skip == null, () -> "skipped: " + skip);
        check(req);
      });
    });
  }

  private static void check(Path req) throws IOException {
    String base = req.getFileName().toString().replace(".req", "");
    Path dir = req.getParent();
    RawRequest request = RawRequest.parse(Files.readString(req, StandardCharsets.UTF_8));
    String expectedCanonical = Files.readString(dir.resolve(base + ".creq"), StandardCharsets.UTF_8);
    String expectedStringToSign = Files.readString(dir.resolve(base + ".sts"), StandardCharsets.UTF_8);
    String expectedAuthorization = Files.readString(dir.resolve(base + ".authz"), StandardCharsets.UTF_8);

    TreeMap<String, List<String>> headers = new TreeMap<>(request.headers);
    // The suite's session-token case gives the token only in its canonical request: it is signed.
    for (String line : expectedCanonical.split("\n")) {
      if (line.startsWith("x-amz-security-token:") && !headers.containsKey("x-amz-security-token")) {
        headers.put("x-amz-security-token", List.of(line.substring("x-amz-security-token:".length())));
      }
    }
    String token = headers.containsKey("x-amz-security-token") ? headers.get("x-amz-security-token").get(0) : null;
    SigV4.Signature signature = new SigV4("us-east-1", "service").sign(request.method, request.path, request.query, headers,
        SigV4.sha256Hex(request.body), new SigV4.Credentials(ACCESS_KEY, SECRET_KEY, token), TIME);

    assertThat(signature.canonicalRequest()).as("canonical request").isEqualTo(expectedCanonical);
    assertThat(signature.stringToSign()).as("string to sign").isEqualTo(expectedStringToSign);
    assertThat(signature.authorization()).as("Authorization").isEqualTo(expectedAuthorization);
  }

  /** A request as the suite writes it: request line, headers (folded lines unfolded), blank line, body. */
  record RawRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    static RawRequest parse(String text) {
      String head = text;
      String body = "";
      int blank = text.indexOf("\n\n");
      if (blank >= 0) {
        head = text.substring(0, blank);
        body = text.substring(blank + 2);
      }
      String[] lines = head.split("\n");
      String requestLine = lines[0];
      int firstSpace = requestLine.indexOf(' ');
      int version = requestLine.lastIndexOf(" HTTP/");
      String method = requestLine.substring(0, firstSpace);
      String target = requestLine.substring(firstSpace + 1, version);
      int q = target.indexOf('?');
      Map<String, List<String>> headers = new TreeMap<>();
      List<String[]> ordered = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && !ordered.isEmpty()) {
          String[] last = ordered.get(ordered.size() - 1);
          last[1] = last[1] + " " + line.strip(); // an obsolete folded line continues the value
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new UncheckedIOException(new IOException("not a header line: " + line));
        }
        ordered.add(new String[] {line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1)});
      }
      for (String[] header : ordered) {
        headers.computeIfAbsent(header[0], k -> new ArrayList<>()).add(header[1]);
      }
      return new RawRequest(method, q >= 0 ? target.substring(0, q) : target, q >= 0 ? target.substring(q + 1) : "",
          headers, body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
