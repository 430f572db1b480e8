package dev.daprcompute.api.resources;

import static dev.daprcompute.api.resources.Fakes.SECRET;
import static dev.daprcompute.api.resources.Fakes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
  @TempDir Path dir;

  private final SecretResolver env = SecretResolver.environment(Map.of("FN_KEY", SECRET)::get);

  @Test
  void environment_reads_the_variable_named_like_the_secret() {
    assertThat(env.resolve(null, "FN_KEY", "FN_KEY")).contains(SECRET);
    assertThat(env.resolve("any-store", "FN_KEY", SecretKeyRef.of("FN_KEY").key()))
        .contains(SECRET);
    assertThat(env.resolve(null, "OTHER", "OTHER")).isEmpty();
  }

  @Test
  void environment_refuses_a_key_other_than_the_name() {
    ComputeConfigurationException e =
        catchThrowableOfType(
            ComputeConfigurationException.class, () -> env.resolve(null, "FN_KEY", "pem"));
    ConfigurationProblem p = e.problems().get(0);
    assertThat(p.field()).isEqualTo("secretKeyRef.key");
    assertThat(p.message()).contains("'FN_KEY'", "'pem'");
    assertThat(p.fix()).contains("remove secretKeyRef.key");
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void files_read_name_slash_key_as_kubernetes_mounts_them() {
    write(dir, "fn-key/pem", SECRET + "\n");
    write(dir, "fn-key/fn-key", "per-key");
    write(dir, "token", "single\r\n");
    SecretResolver files = SecretResolver.files(dir);

    assertThat(files.resolve(null, "fn-key", "pem")).contains(SECRET);
    assertThat(files.resolve(null, "fn-key", "fn-key")).contains("per-key");
    assertThat(files.resolve(null, "token", "token")).contains("single");
    assertThat(files.resolve(null, "token", "other")).isEmpty();
    assertThat(files.resolve(null, "missing", "missing")).isEmpty();
  }

  @Test
  void files_keep_everything_but_one_trailing_line_break() {
    write(dir, "multi", "line one\nline two\n\n");
    assertThat(SecretResolver.files(dir).resolve(null, "multi", "multi"))
        .contains("line one\nline two\n");
  }

  @Test
  void files_refuse_names_that_leave_the_directory() {
    write(dir, "outside", SECRET);
    write(dir, "secrets/fn-key", "inside");
    SecretResolver files = SecretResolver.files(dir.resolve("secrets"));
    ComputeConfigurationException e =
        catchThrowableOfType(
            ComputeConfigurationException.class, () -> files.resolve(null, "..", "outside"));
    assertThat(e.problems().get(0).field()).isEqualTo("secretKeyRef.name");
    assertThat(
            catchThrowableOfType(
                    ComputeConfigurationException.class, () -> files.resolve(null, "a", "../b"))
                .problems()
                .get(0)
                .field())
        .isEqualTo("secretKeyRef.key");
  }

  @Test
  void chain_takes_the_first_value_found() {
    write(dir, "FN_KEY", "from-file");
    SecretResolver chain =
        SecretResolver.chain(SecretResolver.none(), env, SecretResolver.files(dir));
    assertThat(chain.resolve(null, "FN_KEY", "FN_KEY")).contains(SECRET);
    assertThat(chain.resolve(null, "nothing", "nothing")).isEmpty();
  }

  @Test
  void
      chain_skips_a_resolver_that_cannot_serve_the_reference_and_reports_it_when_nothing_is_found() {
    write(dir, "fn-key/pem", "from-file");
    SecretResolver chain = SecretResolver.chain(env, SecretResolver.files(dir));
    assertThat(chain.resolve(null, "fn-key", "pem")).contains("from-file");

    ComputeConfigurationException e =
        catchThrowableOfType(
            ComputeConfigurationException.class, () -> chain.resolve(null, "fn-key", "other"));
    assertThat(e.problems())
        .extracting(ConfigurationProblem::field)
        .containsExactly("secretKeyRef.key");
  }

  @Test
  void none_finds_nothing_and_built_ins_say_where_they_look() {
    assertThat(SecretResolver.none().resolve("store", "a", "a")).isEqualTo(Optional.empty());
    assertThat(SecretResolver.chain(env, SecretResolver.files(dir)).toString())
        .isEqualTo("environment variables, then secret files under " + dir)
        .doesNotContain(SECRET);
  }
}
