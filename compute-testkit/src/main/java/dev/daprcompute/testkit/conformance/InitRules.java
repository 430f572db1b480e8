package dev.daprcompute.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReceivedRequest;
import dev.daprcompute.testkit.ReferenceFunction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The init rules (protocol.md section 3): what {@code init} proves before a component serves (the
 * function is deployed, accepts the component's token, speaks a supported protocol and version) and
 * how it fails: naming the check that failed, at once when only an operator can help, else after
 * retrying until {@code initTimeout}.
 */
public interface InitRules extends ConformanceRules {
  /**
   * A successful init reports the checks {@code deployed}, {@code auth}, {@code protocol} and
   * {@code version}, none failed, with the function's protocol, version and input bindings. When it
   * fails: the transport reaches the function (base URL, envelope), and the info call's answer
   * keeps the function's marker through the platform.
   */
  @Test
  @DisplayName(
      "init proves the function is deployed, accepts our token, and speaks a supported protocol and version")
  default void required_initReportsDeployedAuthProtocolAndVersion() {
    Compute fresh = conformance().create();
    InitReport report = fresh.init(fake().component("conformance-init").build());
    assertThat(report.checks())
        .extracting(InitCheck::name)
        .contains("deployed", "auth", "protocol", "version");
    assertThat(report.checks())
        .allSatisfy(check -> assertThat(check.outcome()).isNotEqualTo(InitCheck.Outcome.FAILED));
    assertThat(report.protocol()).isEqualTo(Protocol.VERSION);
    assertThat(report.functionVersion()).isEqualTo(ReferenceFunction.VERSION);
    assertThat(report.inputBindings()).containsExactlyElementsOf(ReferenceFunction.INPUT_BINDINGS);
  }

  /**
   * Init's info call is a {@code GET} of {@code /.well-known/dapr/info} with a token the function
   * verifies. When it fails: the path the transport builds below its base URL, and the token
   * header: not dropped, not overwritten by the platform's own credentials (a platform that uses
   * {@code Authorization} itself declares {@code occupiesAuthorizationHeader()}).
   */
  @Test
  @DisplayName("init calls GET /.well-known/dapr/info with a token the function accepts")
  default void required_initCallsTheInfoPathWithAValidToken() {
    conformance().open(metadata -> {});
    List<ReceivedRequest> info = fake().function().received(Protocol.INFO_PATH);
    assertThat(info).isNotEmpty();
    assertThat(info)
        .allSatisfy(
            request -> {
              assertThat(request.method()).isEqualTo("GET");
              assertThat(request.token()).as("token rejected: %s", request.rejection()).isNotNull();
            });
  }

  /**
   * A platform 404 fails init at the {@code deployed} check, naming the component. When it fails:
   * the platform's 404 (no marker) was taken for the function's, or the transport's {@code
   * PlatformError} gave another reason than {@code NOT_DEPLOYED}.
   */
  @Test
  @DisplayName("init fails naming 'deployed' when the platform does not know the function")
  default void required_initFailsWhenNotDeployed() {
    fake().failAlways(PlatformFault.notFound());
    ComputeInitException e = conformance().initFailure(metadata -> {});
    assertThat(e.failedCheck()).isEqualTo("deployed");
    assertThat(e.getMessage()).contains("conformance");
  }

  /**
   * A platform 401 or 403 fails init at once at {@code credentials}, not retryable: only an
   * operator can fix it. When it fails: the transport's {@code PlatformError} reason ({@code
   * PLATFORM_CREDENTIALS}), and that the platform's refusal is not read as the function rejecting
   * the token.
   */
  @Test
  @DisplayName("init fails naming 'credentials' when the platform refuses the platform credential")
  default void required_initFailsOnABadPlatformCredential() {
    fake().failAlways(PlatformFault.unauthorized());
    ComputeInitException e = conformance().initFailure(metadata -> {});
    assertThat(e.failedCheck()).isEqualTo("credentials");
    assertThat(e.isRetryable()).isFalse();
  }

  /**
   * The function's 401 fails init at {@code auth}, with the function's reason and the key's id,
   * never the private key. When it fails: the function's challenge ({@code WWW-Authenticate}) and
   * marker must come back through the platform and any envelope.
   */
  @Test
  @DisplayName(
      "init fails naming 'auth', with the function's reason, when the function rejects the token")
  default void required_initFailsWhenTheTokenIsRejected() {
    SigningKey stranger = SigningKey.generateEd25519();
    ComputeInitException e =
        conformance().initFailure(metadata -> metadata.putSecret("key", stranger.privateKeyPem()));
    assertThat(e.failedCheck()).isEqualTo("auth");
    assertThat(e.getMessage()).contains(stranger.keyId()).doesNotContain(stranger.privateKeyPem());
  }

  /**
   * An info document that announces another protocol fails init at {@code protocol}, naming both
   * versions. When it fails: the info document's body must reach the component intact.
   */
  @Test
  @DisplayName(
      "init fails naming 'protocol' and both versions when the function speaks another protocol")
  default void required_initFailsOnAnUnsupportedProtocol() {
    fake().function().announce(Protocol.VERSION + 1, "9.0.0");
    ComputeInitException e = conformance().initFailure(metadata -> {});
    assertThat(e.failedCheck()).isEqualTo("protocol");
    assertThat(e.getMessage())
        .contains("protocol " + (Protocol.VERSION + 1))
        .contains(String.valueOf(Protocol.VERSION));
  }

  /**
   * A function older than {@code minVersion} fails init at {@code version}, naming both versions.
   * When it fails: the common field {@code minVersion} is the component's; a provider does not
   * declare or consume it.
   */
  @Test
  @DisplayName("init fails naming 'version' when the function is older than minVersion")
  default void required_initFailsBelowMinVersion() {
    ComputeInitException e =
        conformance().initFailure(metadata -> metadata.put("minVersion", "9.1.0"));
    assertThat(e.failedCheck()).isEqualTo("version");
    assertThat(e.getMessage()).contains(ReferenceFunction.VERSION).contains("9.1.0");
  }

  /**
   * Init retries through the platform's cold-start answers and succeeds once the platform answers.
   * When it fails: a cold start (a 502 or 503 of the platform's, Lambda's {@code
   * ResourceNotReadyException}) must be a retryable failure, never {@code NOT_DEPLOYED} or {@code
   * PLATFORM_CREDENTIALS}.
   */
  @Test
  @DisplayName("init retries through cold starts and succeeds when the platform recovers")
  default void required_initRetriesThroughColdStarts() {
    fake().failNext(2, PlatformFault.coldStart(Duration.ofMillis(50)));
    Compute recovered = conformance().create();
    InitReport report =
        recovered.init(
            fake().component("conformance-cold").initTimeout(Duration.ofSeconds(10)).build());
    assertThat(fake().recordedCalls())
        .filteredOn(call -> call.fault().equals(PlatformFault.ColdStart.class.getSimpleName()))
        .as("the platform answered two cold starts first")
        .hasSize(2);
    assertThat(report.attempts())
        .as("one failed attempt per cold start, then the one that succeeded")
        .isEqualTo(3);
  }

  /**
   * Against a platform that always times out, init keeps retrying until {@code initTimeout} (1.5 s
   * here), then fails, retryable, naming the component. When it fails: a gateway timeout must be
   * retryable, and the transport's own calls ({@code checkPlatform}) must keep to the {@code
   * Deadline} they are given.
   */
  @Test
  @DisplayName("init gives up at initTimeout with a retryable error naming the component")
  default void required_initGivesUpAtInitTimeout() {
    fake().failAlways(PlatformFault.gatewayTimeout());
    long start = System.nanoTime();
    // long enough that even a slow first attempt leaves time for another
    ComputeInitException e =
        conformance().initFailure(metadata -> metadata.initTimeout(Duration.ofMillis(1500)));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("conformance");
    assertThat(tookMs).as("init must keep trying until initTimeout").isGreaterThanOrEqualTo(1300);
    // and stop there: one attempt's deadline past it at most, with room for a loaded machine
    assertThat(tookMs).as("init must give up at initTimeout").isLessThan(6000);
    assertThat(fake().recordedCalls().size()).as("init must retry").isGreaterThan(1);
  }

  /**
   * Runs when the component declares {@code Feature.PLATFORM_CHECKS}: init reports a check of the
   * platform's own besides the protocol's four. When it fails: {@code checkPlatform} must return
   * the checks it ran ({@code InitCheck.passed}, or {@code skipped} with the reason).
   */
  @Test
  @DisplayName("init runs the platform's own checks before it calls the function")
  default void optional_initRunsPlatformChecks() {
    assumeTrue(
        compute().features().contains(Feature.PLATFORM_CHECKS),
        "the provider declares no platform checks");
    Compute fresh = conformance().create();
    InitReport report = fresh.init(fake().component("conformance-platform").build());
    assertThat(report.checks())
        .extracting(InitCheck::name)
        .anySatisfy(name -> assertThat(name).isNotIn("deployed", "auth", "protocol", "version"));
  }
}
