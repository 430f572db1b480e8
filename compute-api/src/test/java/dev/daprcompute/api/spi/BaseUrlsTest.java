package dev.daprcompute.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ConfigurationProblem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one plain-HTTP policy and the redaction of base URLs. */
class BaseUrlsTest {

  private static List<ConfigurationProblem> problems(String url, boolean allowInsecure) {
    ComponentMetadata.Builder builder =
        ComponentMetadata.builder("fn", "compute.test").put("endpoint", url);
    if (allowInsecure) {
      builder.put(BaseUrls.ALLOW_INSECURE_HTTP, "true");
    }
    List<ConfigurationProblem> problems = new ArrayList<>();
    BaseUrls.read(builder.build(), "endpoint", URI.create(url), problems);
    return problems;
  }

  @Test
  @DisplayName("plain http is refused beyond loopback unless allowInsecureHttp is true")
  void plainHttp() {
    assertThat(problems("https://fn.example.com/dapr", false)).isEmpty();
    assertThat(problems("http://127.0.0.1:8080/dapr", false)).isEmpty();
    assertThat(problems("http://[::1]:8080/dapr", false)).isEmpty();
    assertThat(problems("http://localhost/dapr", false)).isEmpty();
    assertThat(problems("http://fn.example.com/dapr", false))
        .singleElement()
        .satisfies(
            p -> assertThat(p.toString()).contains("endpoint").contains("allowInsecureHttp"));
    assertThat(problems("http://fn.example.com/dapr", true)).isEmpty();
  }

  @Test
  @DisplayName("a query, a fragment or user info is refused, and the message shows none of it")
  void credentialsInTheUrl() {
    List<ConfigurationProblem> problems =
        problems("https://user:s3cret@fn.example.com/api?code=K3Y#frag", false);
    assertThat(problems).hasSize(2);
    assertThat(problems.toString())
        .doesNotContain("s3cret")
        .doesNotContain("K3Y")
        .doesNotContain("user:")
        .contains("fn.example.com");
  }

  @Test
  @DisplayName("loopback is decided on the name or literal address, never by DNS")
  void loopback() {
    assertThat(BaseUrls.isLoopback("localhost")).isTrue();
    assertThat(BaseUrls.isLoopback("api.localhost")).isTrue();
    assertThat(BaseUrls.isLoopback("127.8.9.10")).isTrue();
    assertThat(BaseUrls.isLoopback("::1")).isTrue();
    assertThat(BaseUrls.isLoopback("[::1]")).isTrue();
    assertThat(BaseUrls.isLoopback("10.0.0.1")).isFalse();
    assertThat(BaseUrls.isLoopback("deadbeef")).isFalse();
    assertThat(BaseUrls.isLoopback("localhost.example.com")).isFalse();
  }

  @Test
  @DisplayName("display is the redacted URL without a trailing slash")
  void display() {
    assertThat(BaseUrls.display(HttpUrl.get("https://fn.example.com/api/dapr/")))
        .isEqualTo("https://fn.example.com/api/dapr");
    assertThat(BaseUrls.display(HttpUrl.get("https://u:p@fn.example.com:8443/x?code=k")))
        .isEqualTo("https://[redacted]@fn.example.com:8443/x?[redacted]");
  }

  @Test
  @DisplayName("paths go below the base whether or not it ends in a slash; an empty query is none")
  void below() {
    assertThat(BaseUrls.below(HttpUrl.get("https://h/api"), "/orders", "a=1").toString())
        .isEqualTo("https://h/api/orders?a=1");
    assertThat(BaseUrls.below(HttpUrl.get("https://h/api/"), "/orders", "").toString())
        .isEqualTo("https://h/api/orders");
    assertThat(BaseUrls.below(HttpUrl.get("https://h"), "/orders", null).toString())
        .isEqualTo("https://h/orders");
  }

  @Test
  @DisplayName("a required base URL that is missing is a problem naming the field and an example")
  void required() {
    List<ConfigurationProblem> problems = new ArrayList<>();
    assertThat(
            BaseUrls.read(
                ComponentMetadata.builder("fn", "compute.test").build(),
                "endpoint",
                true,
                "https://fn.example.com",
                problems))
        .isNull();
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> assertThat(p.toString()).contains("endpoint").contains("https://fn.example.com"));
    List<ConfigurationProblem> none = new ArrayList<>();
    assertThat(
            BaseUrls.read(
                ComponentMetadata.builder("fn", "compute.test").build(),
                "endpoint",
                false,
                "x",
                none))
        .isNull();
    assertThat(none).isEmpty();
  }

  @Test
  @DisplayName(
      "caCertificate that holds no certificate is a problem; without it the client is the one given")
  void caCertificate() {
    okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
    List<ConfigurationProblem> problems = new ArrayList<>();
    assertThat(
            BaseUrls.client(
                ComponentMetadata.builder("fn", "compute.test").build(), client, problems))
        .isSameAs(client);
    BaseUrls.client(
        ComponentMetadata.builder("fn", "compute.test").put("caCertificate", "not a PEM").build(),
        client,
        problems);
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> assertThat(p.toString()).contains("caCertificate").contains("BEGIN CERTIFICATE"));
  }
}
