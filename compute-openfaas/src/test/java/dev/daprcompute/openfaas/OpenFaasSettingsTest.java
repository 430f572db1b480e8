package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ConfigurationProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("compute.openfaas metadata")
class OpenFaasSettingsTest {
  private static final String PASSWORD = "s3cr3t-basic-auth-password";

  private static ComponentMetadata.Builder metadata() {
    return ComponentMetadata.builder("orders", OpenFaasPlatformProvider.TYPE)
        .put("gateway", "https://gateway.example.com")
        .put("functionName", "orders-fn");
  }

  private static OpenFaasSettings read(ComponentMetadata metadata) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    OpenFaasSettings settings = OpenFaasSettings.read(metadata, problems);
    assertThat(problems).isEmpty();
    assertThat(settings).isNotNull();
    return settings;
  }

  /**
   * What the provider says about {@code metadata}: every problem, the settings' and
   * caCertificate's.
   */
  private static ComputeConfigurationException problems(ComponentMetadata.Builder metadata) {
    Throwable thrown =
        catchThrowable(
            () ->
                new OpenFaasPlatformProvider()
                    .transport(metadata.build(), ComputeContext.defaults()));
    assertThat(thrown).isInstanceOf(ComputeConfigurationException.class);
    return (ComputeConfigurationException) thrown;
  }

  @Test
  @DisplayName(
      "the smallest component: gateway and functionName; no /system credentials, no annotation, synchronous bindings")
  void smallest() {
    OpenFaasSettings settings = read(metadata().build());
    assertThat(settings.routeName()).isEqualTo("orders-fn");
    assertThat(settings.basicAuth()).isNull();
    assertThat(settings.topicAnnotationPubsub()).isNull();
    assertThat(settings.asyncBindings()).isFalse();
  }

  @Test
  @DisplayName("namespace: the gateway's routes name the function name.namespace")
  void namespace() {
    OpenFaasSettings settings = read(metadata().put("namespace", "shop").build());
    assertThat(settings.routeName()).isEqualTo("orders-fn.shop");
    assertThat(settings.describeFunction()).isEqualTo("function 'orders-fn' in namespace 'shop'");
  }

  @Test
  @DisplayName(
      "the gateway keeps a path of its own (an ingress prefix), with or without a trailing slash")
  void gatewayPath() {
    for (String gateway :
        new String[] {"https://example.com/openfaas", "https://example.com/openfaas/"}) {
      OpenFaasSettings settings = read(metadata().put("gateway", gateway).build());
      assertThat(settings.gatewayUrl("system", "info").toString())
          .isEqualTo("https://example.com/openfaas/system/info");
    }
    assertThat(read(metadata().build()).gatewayUrl("function", "orders-fn.shop").toString())
        .isEqualTo("https://gateway.example.com/function/orders-fn.shop");
  }

  @Test
  @DisplayName("every problem at once, each naming its field and the fix")
  void everyProblemAtOnce() {
    ComputeConfigurationException e =
        problems(
            ComponentMetadata.builder("orders", OpenFaasPlatformProvider.TYPE)
                .put("gateway", "http://gateway.example.com/?x=1")
                .put("functionName", "orders-fn.shop")
                .put("namespace", "my shop")
                .put("basicAuthUser", "admin")
                .put("caCertificate", "not a certificate"));
    assertThat(e.problems())
        .extracting(ConfigurationProblem::field)
        .containsExactlyInAnyOrder(
            "metadata 'gateway'",
            "metadata 'gateway'",
            "metadata 'functionName'",
            "metadata 'namespace'",
            "metadata 'basicAuthPassword'",
            "metadata 'caCertificate'");
    assertThat(e.getMessage())
        .contains("query")
        .contains("allowInsecureHttp")
        .contains("write the bare name here and the namespace in 'namespace'")
        .contains("basicAuthPassword")
        .contains("is required when basicAuthUser is set")
        .contains("PEM");
  }

  @Test
  @DisplayName("a password without a user, and functionName missing, are named")
  void passwordWithoutUser() {
    ComputeConfigurationException e =
        problems(
            ComponentMetadata.builder("orders", OpenFaasPlatformProvider.TYPE)
                .put("gateway", "https://gateway.example.com")
                .putSecret("basicAuthPassword", PASSWORD));
    assertThat(e.problems())
        .extracting(ConfigurationProblem::field)
        .containsExactlyInAnyOrder("metadata 'functionName'", "metadata 'basicAuthUser'");
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  @DisplayName("topicAnnotationPubsub without credentials is a problem; with them it is kept")
  void topicAnnotationPubsub() {
    ComputeConfigurationException e = problems(metadata().put("topicAnnotationPubsub", "kafka"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.field()).isEqualTo("metadata 'topicAnnotationPubsub'");
              assertThat(problem.message()).contains("basicAuthUser and basicAuthPassword");
            });
    OpenFaasSettings settings =
        read(
            metadata()
                .put("topicAnnotationPubsub", "kafka")
                .put("basicAuthUser", "admin")
                .putSecret("basicAuthPassword", PASSWORD)
                .build());
    assertThat(settings.topicAnnotationPubsub()).isEqualTo("kafka");
  }

  @Test
  @DisplayName("plain http:// to a gateway in the cluster needs allowInsecureHttp: true")
  void insecureHttp() {
    ComponentMetadata.Builder inCluster = metadata().put("gateway", "http://gateway.openfaas:8080");
    assertThat(problems(inCluster).getMessage()).contains("allowInsecureHttp");
    assertThat(read(inCluster.put("allowInsecureHttp", "true").build()).gateway().port())
        .isEqualTo(8080);
  }

  @Test
  @DisplayName("the credentials never appear in toString; a user given as a secret neither")
  void noSecretsInToString() {
    OpenFaasSettings settings =
        read(
            metadata()
                .putSecret("basicAuthUser", "root-user")
                .putSecret("basicAuthPassword", PASSWORD)
                .put("asyncBindings", "true")
                .build());
    assertThat(settings.toString())
        .doesNotContain(PASSWORD)
        .doesNotContain("root-user")
        .contains("asyncBindings");
    assertThat(String.valueOf(settings.basicAuth()))
        .doesNotContain(PASSWORD)
        .doesNotContain("root-user");
    assertThat(settings.basicAuth().shownUser()).isEqualTo("basicAuthUser");
  }
}
