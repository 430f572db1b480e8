package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.spi.BaseUrls;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The {@code compute.openfaas} metadata of one component, checked: every problem is reported at
 * once, naming its field, and no secret value appears in a message. ({@code caCertificate} and
 * {@code allowInsecureHttp} are {@link BaseUrls}'.)
 *
 * @param gateway the gateway's base URL (a path below it is kept)
 * @param functionName the function's bare name: the default token audience
 * @param namespace the function's namespace, or {@code null} for the provider's default
 * @param basicAuth the credentials of the gateway's {@code /system} API, or {@code null} for none
 * @param topicAnnotationPubsub the PubSub component the {@code topic} annotation subscribes to, or
 *     {@code null} to ignore the annotation
 * @param asyncBindings whether binding events go through {@code /async-function}
 */
record OpenFaasSettings(
    HttpUrl gateway,
    String functionName,
    @Nullable String namespace,
    @Nullable BasicAuth basicAuth,
    @Nullable String topicAnnotationPubsub,
    boolean asyncBindings) {

  static final String GATEWAY = "gateway";
  static final String FUNCTION_NAME = "functionName";
  static final String NAMESPACE = "namespace";
  static final String BASIC_AUTH_USER = "basicAuthUser";
  static final String BASIC_AUTH_PASSWORD = "basicAuthPassword";
  static final String TOPIC_ANNOTATION_PUBSUB = "topicAnnotationPubsub";
  static final String ASYNC_BINDINGS = "asyncBindings";

  /** What {@code gateway} looks like, for descriptions and fixes. */
  static final String GATEWAY_EXAMPLE =
      "https://gateway.example.com or http://gateway.openfaas:8080";

  /**
   * The gateway's function names without the {@code .} that separates a namespace ({@code
   * [-a-zA-Z_0-9.]+} in its routes, split at the last {@code .}).
   */
  private static final Pattern NAME = Pattern.compile("[-a-zA-Z_0-9]+");

  /**
   * The {@code /system} credentials.
   *
   * @param user the user, normally {@code admin}
   * @param userIsSecret whether the user came from a secret (then messages do not show it)
   * @param password the password
   */
  record BasicAuth(String user, boolean userIsSecret, SecretValue password) {
    /** The user for messages: quoted, or not shown when it is a secret. */
    String shownUser() {
      return userIsSecret ? BASIC_AUTH_USER : BASIC_AUTH_USER + " '" + user + "'";
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "BasicAuth[" + (userIsSecret ? "(secret)" : user) + ", password=(secret)]";
    }
  }

  /** The function as the gateway's routes name it: {@code name}, or {@code name.namespace}. */
  String routeName() {
    return namespace == null ? functionName : functionName + "." + namespace;
  }

  /**
   * The gateway's URL followed by {@code segments} (names the gateway's routes take as they are); a
   * path of its own (an ingress prefix) is kept.
   */
  HttpUrl gatewayUrl(String... segments) {
    return BaseUrls.below(gateway, "/" + String.join("/", segments), null);
  }

  /** {@code function 'orders'}, or {@code function 'orders' in namespace 'shop'}, for messages. */
  String describeFunction() {
    return "function '"
        + functionName
        + "'"
        + (namespace == null ? "" : " in namespace '" + namespace + "'");
  }

  /** The fields that name the function, for a fix. */
  String functionFields() {
    return namespace != null
        ? FUNCTION_NAME + " or " + NAMESPACE
        : FUNCTION_NAME
            + ", or set "
            + NAMESPACE
            + " if the function is not in the provider's default namespace";
  }

  /**
   * Reads and checks the metadata, adding every problem to {@code problems}.
   *
   * @return the settings, or {@code null} when there were problems
   */
  static @Nullable OpenFaasSettings read(
      ComponentMetadata metadata, List<ConfigurationProblem> problems) {
    int before = problems.size();
    HttpUrl gateway = BaseUrls.read(metadata, GATEWAY, false, GATEWAY_EXAMPLE, problems);
    if (!metadata.has(GATEWAY)) {
      problems.add(
          metadata.problem(
              GATEWAY,
              "is required but not set",
              "set it to the OpenFaaS gateway's URL, such as " + GATEWAY_EXAMPLE));
    }

    String functionName = metadata.string(FUNCTION_NAME).orElse(null);
    if (functionName == null) {
      problems.add(
          metadata.problem(
              FUNCTION_NAME,
              "is required but not set",
              "set it to the function's name, as in faas-cli deploy (stack.yml's functions key)"));
    } else if (!NAME.matcher(functionName).matches()) {
      String fix =
          functionName.contains(".") && NAME.matcher(functionName.replace(".", "")).matches()
              ? "write the bare name here and the namespace in '"
                  + NAMESPACE
                  + "' (the gateway splits name.namespace at the last '.')"
              : "write the function's name: letters, digits, '-' and '_'";
      problems.add(
          metadata.problem(
              FUNCTION_NAME, "'" + functionName + "' is not an OpenFaaS function name", fix));
    }

    String namespace = metadata.string(NAMESPACE).orElse(null);
    if (namespace != null && !NAME.matcher(namespace).matches()) {
      problems.add(
          metadata.problem(
              NAMESPACE,
              "'" + namespace + "' is not a namespace name",
              "write the namespace the function is deployed in, such as openfaas-fn (letters, digits and '-')"));
    }

    BasicAuth basicAuth = null;
    Optional<String> user = metadata.string(BASIC_AUTH_USER);
    Optional<SecretValue> password = metadata.secret(BASIC_AUTH_PASSWORD);
    if (user.isPresent() && password.isPresent()) {
      basicAuth = new BasicAuth(user.get(), metadata.isSecret(BASIC_AUTH_USER), password.get());
    } else if (user.isPresent()) {
      problems.add(
          metadata.problem(
              BASIC_AUTH_PASSWORD,
              "is required when " + BASIC_AUTH_USER + " is set",
              "set it to the gateway's basic-auth-password secret (use secretKeyRef), or remove "
                  + BASIC_AUTH_USER));
    } else if (password.isPresent()) {
      problems.add(
          metadata.problem(
              BASIC_AUTH_USER,
              "is required when " + BASIC_AUTH_PASSWORD + " is set",
              "set it to the gateway's basic-auth-user (normally admin), or remove "
                  + BASIC_AUTH_PASSWORD));
    }

    String topicPubsub = metadata.string(TOPIC_ANNOTATION_PUBSUB).orElse(null);
    if (topicPubsub != null && user.isEmpty() && password.isEmpty()) {
      problems.add(
          metadata.problem(
              TOPIC_ANNOTATION_PUBSUB,
              "needs "
                  + BASIC_AUTH_USER
                  + " and "
                  + BASIC_AUTH_PASSWORD
                  + ": the function's topic annotation is read from the gateway's /system API",
              "set both, or remove " + TOPIC_ANNOTATION_PUBSUB));
    }

    boolean asyncBindings = false;
    try {
      asyncBindings = metadata.bool(ASYNC_BINDINGS).orElse(false);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }

    if (problems.size() > before || gateway == null || functionName == null) {
      return null;
    }
    return new OpenFaasSettings(
        gateway, functionName, namespace, basicAuth, topicPubsub, asyncBindings);
  }

  /** Names only: no credential. */
  @Override
  public String toString() {
    return "OpenFaasSettings["
        + BaseUrls.display(gateway)
        + ", "
        + routeName()
        + (basicAuth != null ? ", basicAuth" : "")
        + (topicAnnotationPubsub != null ? ", topics->" + topicAnnotationPubsub : "")
        + (asyncBindings ? ", asyncBindings" : "")
        + "]";
  }
}
