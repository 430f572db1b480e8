package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Lambda's own SigV4 cases, signed by botocore (an implementation independent of the AWS SDK for
 * Java, whose signer we use) and kept in {@code src/test/resources/sigv4/lambda-vectors.json} (made
 * by {@code make-lambda-vectors.py} next to it): qualifiers, a name:alias and ARNs whose {@code :}
 * is {@code %3A} on the wire and {@code %253A} in the canonical URI, session tokens, DryRun, a
 * Function URL with a query.
 */
@DisplayName("SigV4: Lambda vectors computed by botocore")
class SigV4LambdaVectorsTest {
  private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");

  static JsonNode vectors() throws IOException {
    try (InputStream in =
        SigV4LambdaVectorsTest.class.getResourceAsStream("/sigv4/lambda-vectors.json")) {
      assertThat(in).as("sigv4/lambda-vectors.json on the test class path").isNotNull();
      return Json.MAPPER.readTree(in);
    }
  }

  @TestFactory
  @DisplayName(
      "each Lambda case signs as botocore signed it, through AwsSigner as the transports use it")
  Stream<DynamicTest> lambdaCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : vectors().path("cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.path("name").asText() + ": " + c.path("description").asText(),
              () -> {
                // An OkHttp request as it goes on the wire, signed as the transports sign theirs.
                String query = c.path("query").asText();
                String url =
                    "https://"
                        + c.path("headers").path("host").asText()
                        + c.path("path").asText()
                        + (query.isEmpty() ? "" : "?" + query);
                byte[] body = HexFormat.of().parseHex(c.path("bodyHex").asText());
                String method = c.path("method").asText();
                Request request =
                    new Request.Builder()
                        .url(url)
                        .method(
                            method,
                            method.equals("GET")
                                ? null
                                : RequestBody.create(body, (MediaType) null))
                        .build();
                String token =
                    c.path("sessionToken").isNull() ? null : c.path("sessionToken").asText();
                AwsCredentialSource keys =
                    AwsCredentialSource.of(
                        c.path("accessKeyId").asText(), c.path("secretAccessKey").asText(), token);
                Map<String, String> extra =
                    c.path("headers").has("x-amz-invocation-type")
                        ? Map.of(
                            "x-amz-invocation-type",
                            c.path("headers").path("x-amz-invocation-type").asText())
                        : Map.of();
                Request signed =
                    new AwsSigner(
                            c.path("region").asText(), keys, Clock.fixed(TIME, ZoneOffset.UTC))
                        .sign(request, body, extra);
                assertThat(signed.header("Authorization"))
                    .isEqualTo(c.path("authorization").asText());
                assertThat(signed.header("X-Amz-Security-Token")).isEqualTo(token);
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
    assertThat(canonical)
        .anySatisfy(text -> assertThat(text).contains("arn%253Aaws%253Alambda%253A"));
    assertThat(canonical).anySatisfy(text -> assertThat(text).contains("x-amz-security-token:"));
    assertThat(canonical).anySatisfy(text -> assertThat(text).contains("Qualifier=%24LATEST"));
  }
}
