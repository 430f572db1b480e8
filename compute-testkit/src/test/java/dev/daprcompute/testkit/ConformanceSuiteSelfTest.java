package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.daprcompute.api.ComputeProvider;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The conformance suite tests itself: run against providers that each break one rule, the tests
 * for that rule fail (and tests for rules the provider keeps still pass).
 */
@DisplayName("the conformance suite catches broken providers")
class ConformanceSuiteSelfTest {

  @Test
  @DisplayName("a provider that sends no token fails the token test")
  void catchesMissingTokens() {
    Outcome outcome = run(NoToken.class);
    assertThat(outcome.failed()).contains("required_everyRequestCarriesAVerifiedToken", "required_invokeDeliversTheRequest");
    assertThat(outcome.passed()).contains("required_initReportsDeployedAuthProtocolAndVersion");
  }

  @Test
  @DisplayName("a provider that maps a platform 500 to SUCCESS fails the topic 500 rule")
  void catchesPlatform500AsSuccess() {
    Outcome outcome = run(Platform500AsSuccess.class);
    assertThat(outcome.failed()).contains("required_topicPlatform500IsRetry");
    assertThat(outcome.passed()).contains("required_topicPlatform404IsRetry", "required_topicEventStatusesAreTheFunctions");
  }

  @Test
  @DisplayName("a provider that drops metadata fails the metadata tests")
  void catchesDroppedMetadata() {
    Outcome outcome = run(DropsMetadata.class);
    assertThat(outcome.failed()).contains("required_invokeForwardsMetadataAndTraceContext",
        "required_topicEventForwardsMetadataAndTraceContext", "required_bindingEventDeliversDataAndMetadata");
    assertThat(outcome.passed()).contains("required_everyRequestCarriesAVerifiedToken");
  }

  @Test
  @DisplayName("a provider that treats a platform 404 as the function's DROP fails the 404 rules")
  void catchesPlatform404AsDrop() {
    Outcome outcome = run(Platform404AsDrop.class);
    assertThat(outcome.failed()).contains("required_topicPlatform404IsRetry", "required_invokePlatform404IsNotDeployed",
        "required_bulkPlatformFailureRetriesEveryEntry");
    assertThat(outcome.passed()).contains("required_functions404IsDrop");
  }

  @Test
  @DisplayName("a provider that ignores Retry-After fails the throttling tests")
  void catchesIgnoredRetryAfter() {
    Outcome outcome = run(IgnoresRetryAfter.class);
    assertThat(outcome.failed()).contains("required_invokeThrottlingHonoursRetryAfter", "required_topicThrottlingCarriesRetryAfter");
    assertThat(outcome.passed()).contains("required_topicPlatformFailuresAreRetry");
  }

  private record Outcome(List<String> failed, List<String> passed) {}

  private static Outcome run(Class<? extends ComputeConformanceSuite> suite) {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute();
    List<String> failed = results.testEvents().failed().stream().map(ConformanceSuiteSelfTest::name).toList();
    List<String> passed = results.testEvents().succeeded().stream().map(ConformanceSuiteSelfTest::name).toList();
    assertThat(passed).as("the suite ran (setup did not fail wholesale)").isNotEmpty();
    return new Outcome(failed, passed);
  }

  private static String name(Event event) {
    TestDescriptor descriptor = event.getTestDescriptor();
    return descriptor.getSource().filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName()).orElse(descriptor.getDisplayName());
  }

  abstract static class BrokenSuite extends ComputeConformanceSuite {
    @Override
    protected PlatformFake startFake() {
      return HttpPlatformFake.start("orders-fn");
    }
  }

  static class NoToken extends BrokenSuite {
    @Override
    protected ComputeProvider provider() {
      return BrokenProviders.sendsNoToken();
    }
  }

  static class Platform500AsSuccess extends BrokenSuite {
    @Override
    protected ComputeProvider provider() {
      return BrokenProviders.mapsPlatform500ToSuccess();
    }
  }

  static class DropsMetadata extends BrokenSuite {
    @Override
    protected ComputeProvider provider() {
      return BrokenProviders.dropsMetadata();
    }
  }

  static class Platform404AsDrop extends BrokenSuite {
    @Override
    protected ComputeProvider provider() {
      return BrokenProviders.treatsPlatform404AsDrop();
    }
  }

  static class IgnoresRetryAfter extends BrokenSuite {
    @Override
    protected ComputeProvider provider() {
      return BrokenProviders.ignoresRetryAfter();
    }
  }
}
