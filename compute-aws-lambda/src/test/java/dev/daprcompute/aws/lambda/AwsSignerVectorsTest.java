package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.TestFactory;

/**
 * Lambda's own SigV4 cases, signed by botocore (an implementation independent of the AWS SDK for
 * Java), through our signer as the transports use it: an OkHttp request as it goes on the wire.
 */
@DisplayName("SigV4: Lambda vectors computed by botocore, through AwsSigner")
class AwsSignerVectorsTest {
  private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");

  @TestFactory
  @DisplayName("each Lambda case signs as botocore signed it")
  Stream<DynamicTest> lambdaCases() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : SigV4LambdaVectorsTest.vectors().path("cases")) {
      tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
        String query = c.path("query").asText();
        String url = "https://" + c.path("headers").path("host").asText() + c.path("path").asText()
            + (query.isEmpty() ? "" : "?" + query);
        byte[] body = HexFormat.of().parseHex(c.path("bodyHex").asText());
        String method = c.path("method").asText();
        Request request = new Request.Builder().url(url)
            .method(method, method.equals("GET") ? null : RequestBody.create(body, (MediaType) null)).build();
        String token = c.path("sessionToken").isNull() ? null : c.path("sessionToken").asText();
        AwsCredentialSource keys = AwsCredentialSource.of(new SigV4.Credentials(c.path("accessKeyId").asText(),
            c.path("secretAccessKey").asText(), token));
        Map<String, String> extra = c.path("headers").has("x-amz-invocation-type")
            ? Map.of("x-amz-invocation-type", c.path("headers").path("x-amz-invocation-type").asText()) : Map.of();
        Request signed = new AwsSigner(c.path("region").asText(), keys, Clock.fixed(TIME, ZoneOffset.UTC))
            .sign(request, body, extra);
        assertThat(signed.header("Authorization")).isEqualTo(c.path("authorization").asText());
      }));
    }
    return tests.stream();
  }
}
