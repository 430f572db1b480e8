package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Lambda's own SigV4 cases, signed by botocore (an implementation independent of ours) and kept in
 * {@code src/test/resources/sigv4/lambda-vectors.json} (made by {@code make-lambda-vectors.py}
 * next to it): qualifiers, a name:alias and ARNs whose {@code :} is {@code %3A} on the wire and
 * {@code %253A} in the canonical URI, session tokens, DryRun, a Function URL with a query.
 */
@DisplayName("SigV4: Lambda vectors computed by botocore")
class SigV4LambdaVectorsTest {
  private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");

  static JsonNode vectors() throws IOException {
    try (InputStream in = SigV4LambdaVectorsTest.class.getResourceAsStream("/sigv4/lambda-vectors.json")) {
      assertThat(in).as("sigv4/lambda-vectors.json on the test class path").isNotNull();
      return Json.MAPPER.readTree(in);
    }
  }

  @TestFactory
  @DisplayName("each Lambda case signs as botocore signed it")
  Stream<DynamicTest> lambdaCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : vectors().path("cases")) {
      tests.add(DynamicTest.dynamicTest(c.path("name").asText() + ": " + c.path("description").asText(), () -> {
        TreeMap<String, List<String>> headers = new TreeMap<>();
        c.path("headers").properties().forEach(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
        byte[] body = HexFormat.of().parseHex(c.path("bodyHex").asText());
        String token = c.path("sessionToken").isNull() ? null : c.path("sessionToken").asText();
        SigV4.Signature signature = new SigV4(c.path("region").asText(), "lambda").sign(c.path("method").asText(),
            c.path("path").asText(), c.path("query").asText(), headers, SigV4.sha256Hex(body),
            new SigV4.Credentials(c.path("accessKeyId").asText(), c.path("secretAccessKey").asText(), token), TIME);
        assertThat(signature.canonicalRequest()).isEqualTo(c.path("canonicalRequest").asText());
        assertThat(signature.stringToSign()).isEqualTo(c.path("stringToSign").asText());
        assertThat(signature.authorization()).isEqualTo(c.path("authorization").asText());
      }));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  @Test
  @DisplayName("the vectors cover the double encoding of ':' and a signed session token")
  void vectorsCoverTheLambdaRules() throws IOException {
    List<String> canonical = new ArrayList<>();
    vectors().path("cases").forEach(c -> canonical.add(c.path("canonicalRequest").asText()));
    assertThat(canonical).anySatisfy(text -> assertThat(text).contains("orders-fn%253Aprod"));
    assertThat(canonical).anySatisfy(text -> assertThat(text).contains("arn%253Aaws%253Alambda%253A"));
    assertThat(canonical).anySatisfy(text -> assertThat(text).contains("x-amz-security-token:"));
    assertThat(canonical).anySatisfy(text -> assertThat(text).contains("Qualifier=%24LATEST"));
  }
}
