package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Every case of the official AWS Signature Version 4 test suite (Apache 2.0, read from {@code
 * ../shared/vectors/aws-sig-v4-test-suite} at test time, not copied here), through our signer
 * ({@link AwsSigner}, the AWS SDK's signer as we configure it): its Authorization header must be
 * the one the suite's canonical request gives, with one documented difference: the SDK signs {@code
 * x-amz-content-sha256} too, so that header joins the suite's canonical request before the expected
 * signature is computed ({@link SigV4Reference}). A clone without the suite skips visibly; {@link
 * SigV4LambdaVectorsTest} still proves the signer there.
 */
@DisplayName("SigV4: the official AWS test suite")
class SigV4OfficialSuiteTest {
  private static final String ACCESS_KEY = "AKIDEXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");

  /** Cases botocore skips too, and why. */
  private static final Map<String, String> SKIPPED =
      Map.of(
          "normalize-path/get-space",
          "its request line 'GET /example space/ HTTP/1.1' holds a raw space, so it is no valid "
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
      return Stream.of(
          DynamicTest.dynamicTest(
              "the official suite is present",
              () ->
                  assumeTrue(
                      false,
                      "the official SigV4 suite is not at "
                          + suite.toAbsolutePath()
                          + " (it is not part of this repository); SigV4LambdaVectorsTest proves the signer without it")));
    }
    List<Path> cases;
    try (Stream<Path> files = Files.walk(suite)) {
      cases = files.filter(p -> p.getFileName().toString().endsWith(".req")).sorted().toList();
    }
    assertThat(cases).as("cases in %s", suite).hasSizeGreaterThanOrEqualTo(30);
    return cases.stream()
        .map(
            req -> {
              String name = suite.relativize(req.getParent()).toString().replace('\\', '/');
              return DynamicTest.dynamicTest(
                  name,
                  () -> {
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
    String expectedCanonical =
        Files.readString(dir.resolve(base + ".creq"), StandardCharsets.UTF_8);

    SdkHttpRequest.Builder unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(request.method))
            .protocol("https")
            .host(request.headers.get("host").get(0))
            .encodedPath(request.path);
    for (String parameter : request.query.isEmpty() ? new String[0] : request.query.split("&")) {
      int eq = parameter.indexOf('=');
      unsigned.appendRawQueryParameter(
          decode(eq >= 0 ? parameter.substring(0, eq) : parameter),
          decode(eq >= 0 ? parameter.substring(eq + 1) : ""));
    }
    // The signer adds host, x-amz-date (from its clock) and the session token itself.
    request.headers.forEach(
        (name, values) -> {
          if (!List.of("host", "x-amz-date", "x-amz-security-token").contains(name)) {
            values.forEach(value -> unsigned.appendHeader(name, value));
          }
        });
    // A session token is signed: the suite gives it in the request (post-sts-header-before) or only
    // in
    // its canonical request (get-vanilla-with-session-token).
    String token =
        request.headers.containsKey("x-amz-security-token")
            ? request.headers.get("x-amz-security-token").get(0).strip()
            : null;
    for (String line : expectedCanonical.split("\n")) {
      if (token == null && line.startsWith("x-amz-security-token:")) {
        token = line.substring("x-amz-security-token:".length());
      }
    }
    AwsSigner signer =
        new AwsSigner(
            "us-east-1",
            "service",
            AwsCredentialSource.of(ACCESS_KEY, SECRET_KEY, token),
            Clock.fixed(TIME, ZoneOffset.UTC));
    SdkHttpRequest signed = signer.sign(unsigned.build(), request.body);

    String expected =
        SigV4Reference.authorization(
            withContentSha256(expectedCanonical, request.body),
            TIME,
            "us-east-1",
            "service",
            ACCESS_KEY,
            SECRET_KEY);
    assertThat(signed.firstMatchingHeader("Authorization")).as("Authorization").contains(expected);
  }

  /**
   * The suite's canonical request with {@code x-amz-content-sha256} signed too, as the AWS SDK's
   * signer always signs it (and Lambda accepts): the header line among the canonical headers, its
   * name among the signed headers, both in order.
   */
  static String withContentSha256(String canonical, byte[] body) {
    String hash = SigV4Reference.sha256Hex(body);
    String[] lines = canonical.split("\n", -1);
    int blank =
        Arrays.asList(lines).subList(3, lines.length).indexOf("")
            + 3; // the query line may be empty too
    List<String> headers = new ArrayList<>(Arrays.asList(lines).subList(3, blank));
    headers.add("x-amz-content-sha256:" + hash);
    headers.sort(Comparator.comparing(line -> line.substring(0, line.indexOf(':'))));
    List<String> signed = new ArrayList<>(Arrays.asList(lines[blank + 1].split(";")));
    signed.add("x-amz-content-sha256");
    Collections.sort(signed);
    return String.join("\n", lines[0], lines[1], lines[2])
        + "\n"
        + String.join("\n", headers)
        + "\n\n"
        + String.join(";", signed)
        + "\n"
        + lines[blank + 2];
  }

  /** Percent-decoding with {@code +} as a space, as the AWS SDKs read a query. */
  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%20"), StandardCharsets.UTF_8);
  }

  /**
   * A request as the suite writes it: request line, headers (folded lines unfolded), blank line,
   * body.
   */
  record RawRequest(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
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
        ordered.add(
            new String[] {
              line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1)
            });
      }
      for (String[] header : ordered) {
        headers.computeIfAbsent(header[0], k -> new ArrayList<>()).add(header[1]);
      }
      return new RawRequest(
          method,
          q >= 0 ? target.substring(0, q) : target,
          q >= 0 ? target.substring(q + 1) : "",
          headers,
          body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
