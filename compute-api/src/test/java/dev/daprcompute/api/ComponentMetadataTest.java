package dev.daprcompute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.daprcompute.api.MetadataField.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ComponentMetadataTest {
  /** A recognisable fake secret: it must never appear in a message. */
  private static final String SECRET = "FAKE-SECRET-7f3a9c";

  private static ComponentMetadata.Builder fn() {
    return ComponentMetadata.builder("my-fn", "compute.http").source("components/fn.yaml", 3);
  }

  private static ComputeConfigurationException error(Runnable call) {
    ComputeConfigurationException e =
        catchThrowableOfType(ComputeConfigurationException.class, call::run);
    assertThat(e).as("a ComputeConfigurationException").isNotNull();
    return e;
  }

  @Nested
  class Accessors {

    @Test
    void typed_accessors_read_their_values() {
      ComponentMetadata m =
          fn().put("endpoint", "https://fn.example.com/dapr")
              .put("timeout", "1m30s")
              .put("maxConcurrency", "8")
              .put("allowInsecureHttp", "YES")
              .put("maxBodySize", "6Mi")
              .put("tokenHeader", "dapr-authorization")
              .put("audience", "  my-audience  ")
              .build();

      assertThat(m.uri("endpoint")).contains(URI.create("https://fn.example.com/dapr"));
      assertThat(m.duration("timeout")).contains(Duration.ofSeconds(90));
      assertThat(m.integer("maxConcurrency")).contains(8);
      assertThat(m.bool("allowInsecureHttp")).contains(true);
      assertThat(m.byteSize("maxBodySize")).contains(6L << 20);
      assertThat(m.oneOf("tokenHeader", List.of("Authorization", "Dapr-Authorization")))
          .contains("Dapr-Authorization");
      assertThat(m.string("audience")).contains("my-audience");
      assertThat(m.requireString("audience")).isEqualTo("my-audience");
    }

    @ParameterizedTest
    @CsvSource({
      "true, true",
      "False, false",
      "yes, true",
      "no, false",
      "on, true",
      "OFF, false",
      "1, true",
      "0, false"
    })
    void booleans_accept_the_usual_spellings(String text, boolean expected) {
      assertThat(fn().put("flag", text).build().bool("flag")).contains(expected);
    }

    @Test
    void unset_and_blank_values_are_empty() {
      ComponentMetadata m = fn().put("blank", "   ").build();

      assertThat(m.string("missing")).isEmpty();
      assertThat(m.string("blank")).isEmpty();
      assertThat(m.duration("blank")).isEmpty();
      assertThat(m.secret("blank")).isEmpty();
      assertThat(m.uri("missing")).isEmpty();
    }

    @Test
    void field_names_are_case_insensitive() {
      ComponentMetadata m =
          fn().put("Endpoint", "https://a.example").put("MAXCONCURRENCY", "4").build();

      assertThat(m.string("endpoint")).contains("https://a.example");
      assertThat(m.string("ENDPOINT")).contains("https://a.example");
      assertThat(m.integer("maxConcurrency")).contains(4);
      assertThat(m.has("endPoint")).isTrue();
      assertThat(m.fieldNames()).containsExactlyInAnyOrder("Endpoint", "MAXCONCURRENCY");
    }

    @Test
    void a_wrong_type_names_component_field_file_line_value_and_fix() {
      ComponentMetadata m = fn().put("timeout", "forever", false, 12).build();

      ComputeConfigurationException e = error(() -> m.duration("TIMEOUT"));

      assertThat(e.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.file()).isEqualTo("components/fn.yaml");
                assertThat(p.line()).isEqualTo(12);
                assertThat(p.component()).isEqualTo("my-fn");
                assertThat(p.field()).isEqualTo("metadata 'timeout'");
              });
      assertThat(e)
          .hasMessage(
              "components/fn.yaml:12: component 'my-fn', metadata 'timeout': 'forever' is not a duration."
                  + " Fix: write a duration such as 30s, 1m30s or 500ms");
      assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void a_value_without_its_own_line_is_located_at_the_component() {
      ComponentMetadata m = fn().put("maxConcurrency", "many").build();

      ComputeConfigurationException e = error(() -> m.integer("maxConcurrency"));

      assertThat(e.problems().get(0).line()).isEqualTo(3);
      assertThat(e.getMessage())
          .startsWith("components/fn.yaml:3: component 'my-fn', metadata 'maxConcurrency': 'many'");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "uri      | /relative/path | an absolute URL  | https://example.com",
          "uri      | http//x        | an absolute URL  | https://example.com",
          "integer  | 3.5            | a whole number   | digits only",
          "bool     | maybe          | true or false    | write true or false",
          "byteSize | 4 megs         | a size           | 4Mi",
          "oneOf    | Bearer         | one of [a, b]    | a, b"
        })
    void each_accessor_says_what_it_expected(
        String accessor, String value, String expected, String fix) {
      ComponentMetadata m = fn().put("f", value).build();
      Runnable call =
          switch (accessor) {
            case "uri" -> () -> m.uri("f");
            case "integer" -> () -> m.integer("f");
            case "bool" -> () -> m.bool("f");
            case "byteSize" -> () -> m.byteSize("f");
            default -> () -> m.oneOf("f", List.of("a", "b"));
          };

      assertThat(error(call).getMessage())
          .contains("'" + value + "' is not " + expected)
          .contains("Fix: ")
          .contains(fix);
    }

    @Test
    void a_missing_required_value_says_what_to_add() {
      ComputeConfigurationException e = error(() -> fn().build().requireString("endpoint"));

      assertThat(e)
          .hasMessage(
              "components/fn.yaml:3: component 'my-fn', metadata 'endpoint': is required but not set."
                  + " Fix: add a metadata item named 'endpoint'");
    }

    @Test
    void secret_values_never_appear_in_errors_or_to_string() {
      ComponentMetadata m =
          fn().putSecret("key", SECRET).putSecret("timeout", SECRET).put("audience", "x").build();

      ComputeConfigurationException e = error(() -> m.duration("timeout"));

      assertThat(e.getMessage()).doesNotContain(SECRET).contains("the value is not a duration");
      assertThat(m.toString())
          .doesNotContain(SECRET)
          .contains("my-fn")
          .contains("compute.http/v1")
          .contains("key");
      assertThat(m.secret("key"))
          .hasValueSatisfying(
              s -> {
                assertThat(s.reveal()).isEqualTo(SECRET);
                assertThat(s.toString()).doesNotContain(SECRET);
              });
      assertThat(m.isSecret("KEY")).isTrue();
      assertThat(m.isSecret("audience")).isFalse();
    }

    @Test
    void component_problems_have_no_field() {
      ComponentMetadata m = fn().build();

      assertThat(m.componentProblem("cannot reach the function", "check the endpoint"))
          .hasToString(
              "components/fn.yaml:3: component 'my-fn': cannot reach the function. Fix: check the endpoint");
    }

    @Test
    void builder_defaults_and_settings() {
      ComponentMetadata plain = ComponentMetadata.builder("n", "compute.http").build();
      ComponentMetadata set =
          ComponentMetadata.builder("n", "compute.http")
              .version("v2")
              .initTimeout(Duration.ofSeconds(30))
              .ignoreErrors(true)
              .build();

      assertThat(plain.version()).isEqualTo("v1");
      assertThat(plain.initTimeout())
          .isEqualTo(ComponentMetadata.DEFAULT_INIT_TIMEOUT)
          .isEqualTo(Duration.ofSeconds(5));
      assertThat(plain.initTimeoutIfSet()).as("not set: the platform's default applies").isEmpty();
      assertThat(
              ComponentMetadata.builder("n", "t")
                  .initTimeout(Duration.ofSeconds(5))
                  .build()
                  .initTimeoutIfSet())
          .as("Dapr's default written out is set")
          .contains(Duration.ofSeconds(5));
      assertThat(plain.ignoreErrors()).isFalse();
      assertThat(plain.file()).isEmpty();
      assertThat(set.version()).isEqualTo("v2");
      assertThat(set.initTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(set.initTimeoutIfSet()).contains(Duration.ofSeconds(30));
      assertThat(set.ignoreErrors()).isTrue();
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ComponentMetadata.builder("n", "t").initTimeout(Duration.ZERO));
    }
  }

  @Nested
  class Validate {
    private final List<MetadataField> fields =
        List.of(
            MetadataField.required("endpoint", Kind.URI, "the function's base URL"),
            MetadataField.optional("timeout", Kind.DURATION, "the deadline of a call"),
            MetadataField.optional("maxConcurrency", Kind.INTEGER, "the most calls in flight"),
            MetadataField.required("key", Kind.STRING, "the private key").asSecret(),
            MetadataField.oneOf(
                "tokenHeader",
                List.of("Authorization", "Dapr-Authorization"),
                "where the token goes"),
            MetadataField.optional("webhook", Kind.URI, "a URL with credentials in it").asSecret());

    @Test
    void valid_metadata_passes_whatever_the_case_of_the_names() {
      ComponentMetadata m =
          fn().put("ENDPOINT", "https://fn.example.com")
              .putSecret("Key", SECRET)
              .put("timeout", "5s")
              .put("tokenheader", "authorization")
              .build();

      assertThatCode(() -> m.validate(fields)).doesNotThrowAnyException();
    }

    @Test
    void every_problem_is_reported_at_once() {
      ComponentMetadata m =
          fn().put("endpoit", "https://fn.example.com", false, 5)
              .put("timeout", "soon", false, 6)
              .put("maxConcurrency", "lots", false, 7)
              .put("tokenHeader", "X-Token", false, 8)
              .put("colour", "blue", false, 9)
              .build();

      ComputeConfigurationException e = error(() -> m.validate(fields));

      assertThat(e.problems()).hasSize(7);
      assertThat(e.getMessage()).startsWith("7 configuration problems:\n  - ");
      assertThat(e.problems())
          .anySatisfy(
              p -> {
                assertThat(p.field()).isEqualTo("metadata 'endpoit'");
                assertThat(p.line()).isEqualTo(5);
                assertThat(p.message()).isEqualTo("is not a field of compute.http");
                assertThat(p.fix())
                    .startsWith("did you mean 'endpoint'?")
                    .contains("endpoint, timeout, maxConcurrency");
              });
      assertThat(e.problems())
          .anySatisfy(
              p -> {
                assertThat(p.field()).isEqualTo("metadata 'colour'");
                assertThat(p.fix()).startsWith("remove it; known fields of compute.http: ");
              });
      assertThat(e.problems())
          .anySatisfy(
              p -> {
                assertThat(p.field()).isEqualTo("metadata 'timeout'");
                assertThat(p.line()).isEqualTo(6);
                assertThat(p.message()).isEqualTo("'soon' is not a duration");
              });
      assertThat(e.problems())
          .anySatisfy(p -> assertThat(p.message()).isEqualTo("'lots' is not a whole number"));
      assertThat(e.problems())
          .anySatisfy(
              p -> {
                assertThat(p.field()).isEqualTo("metadata 'tokenHeader'");
                assertThat(p.fix()).contains("Authorization, Dapr-Authorization");
              });
      assertThat(e.problems())
          .filteredOn(p -> p.message().equals("is required but not set"))
          .extracting(ConfigurationProblem::field)
          .containsExactlyInAnyOrder("metadata 'endpoint'", "metadata 'key'");
      assertThat(e.problems())
          .filteredOn(p -> p.field().equals("metadata 'key'"))
          .singleElement()
          .satisfies(p -> assertThat(p.fix()).contains("the private key"));
    }

    @Test
    void a_blank_required_value_counts_as_missing() {
      ComponentMetadata m = fn().put("endpoint", "   ").putSecret("key", SECRET).build();

      ComputeConfigurationException e = error(() -> m.validate(fields));

      assertThat(e.problems())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.toString())
                      .contains("metadata 'endpoint': is required but not set"));
    }

    @Test
    void a_misspelt_field_holding_a_secret_is_reported_by_name_only() {
      ComponentMetadata m =
          fn().put("endpoint", "https://fn.example.com").put("kee", SECRET).build();

      ComputeConfigurationException e = error(() -> m.validate(fields));

      assertThat(e.getMessage()).doesNotContain(SECRET).contains("did you mean 'key'?");
    }

    @Test
    void a_field_declared_secret_never_shows_its_value_even_when_written_inline() {
      ComponentMetadata m =
          fn().put("endpoint", "https://fn.example.com")
              .putSecret("key", SECRET)
              .put("webhook", "hooks.example.com/" + SECRET)
              .build();

      ComputeConfigurationException e = error(() -> m.validate(fields));

      assertThat(e.getMessage())
          .doesNotContain(SECRET)
          .contains("metadata 'webhook': the value is not an absolute URL");
    }

    @Test
    void a_wrongly_typed_secret_is_described_without_its_value() {
      ComponentMetadata m =
          fn().put("endpoint", "https://fn.example.com")
              .putSecret("key", SECRET)
              .putSecret("timeout", SECRET)
              .build();

      ComputeConfigurationException e = error(() -> m.validate(fields));

      assertThat(e.getMessage()).doesNotContain(SECRET).contains("the value is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"endpont", "Endpointt", "ENDPOINTS", "timout", "maxconcurency"})
    void close_misspellings_get_a_suggestion(String name) {
      ComponentMetadata m =
          fn().put("endpoint", "https://fn.example.com")
              .putSecret("key", SECRET)
              .put(name, "x")
              .build();

      assertThat(error(() -> m.validate(fields)).getMessage()).contains("did you mean '");
    }
  }
}
