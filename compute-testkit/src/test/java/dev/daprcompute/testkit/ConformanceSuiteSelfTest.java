package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.Dispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The conformance suite tests itself: run against providers that each break one rule, exactly
 * the tests that depend on that rule fail, and every other test passes. A new required test that
 * one of these providers fails (or a test that stops failing) changes a list below: that is the
 * point, the list says which rules each test guards.
 *
 * <p>The broken suites spend their time waiting (on deadlines, slow answers, init retries), so
 * they all run at once when the class starts, each with its own fake; each test then reads its
 * own suite's results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a test waits for its suite, which shares the machine with the others
@DisplayName("the conformance suite catches broken providers")
class ConformanceSuiteSelfTest {
  /** What each broken suite runs: all of it, or one topic of it. */
  private static final Map<Class<? extends ComputeConformanceSuite>, DiscoverySelector> RUNS = new LinkedHashMap<>();

  static {
    for (Class<? extends ComputeConformanceSuite> suite : List.of(NoToken.class, Platform500AsSuccess.class,
        DropsMetadata.class, Platform404AsDrop.class, IgnoresRetryAfter.class, IgnoresMarker.class, DropsBodies.class,
        IgnoresDeadlines.class, SignsPerRequest.class)) {
      RUNS.put(suite, selectClass(suite));
    }
    for (Class<? extends ComputeConformanceSuite> suite : List.of(QueuesEvenFailures.class, DeclaresAsyncButWaits.class)) {
      RUNS.put(suite, selectNestedClass(List.of(suite), ComputeConformanceSuite.BindingEvents.class));
    }
  }

  private final Map<Class<?>, CompletableFuture<EngineExecutionResults>> results = new LinkedHashMap<>();
  private ExecutorService runner;

  @BeforeAll
  void runEverySuiteAtOnce() {
    runner = Executors.newFixedThreadPool(RUNS.size());
    RUNS.forEach((suite, selector) -> results.put(suite, CompletableFuture.supplyAsync(
        () -> EngineTestKit.engine("junit-jupiter").selectors(selector).execute(), runner)));
  }

  @AfterAll
  void stopRunner() {
    runner.shutdownNow();
  }

  @Test
  @DisplayName("a provider that sends no token fails the token tests and every test that needs the function to answer")
  void catchesMissingTokens() {
    assertFailsExactly(NoToken.class,
        // the token rules
        "required_everyRequestCarriesAVerifiedToken", "required_tokenAlgorithmAndKid", "required_tokenClaims",
        "required_tokenTravelsInTheExpectedHeader", "required_tokenIsReused", "required_requestsCarryTheProtocolHeader",
        // the function refuses the call, so nothing it would have answered arrives
        "required_invokeDeliversTheRequest", "required_invokeForwardsMetadataAndTraceContext",
        "required_invokeNeverForwardsTheAppApiToken", "required_invokeDeliversEveryVerb",
        "required_invokeCarriesBinaryBodies", "required_invokeReturnsTheFunctionsAnswer",
        "required_invokeReturnsTheFunctionsOwn404", "required_invokeNormalisesTheMethod",
        "required_invokeHonoursTheDeadline", "required_topicEventDeliversTheCloudEvent",
        "required_topicEventStatusesAreTheFunctions", "required_functions404IsDrop",
        "required_functionsNonJsonSuccessIsSuccess", "required_bulkReportsOneStatusPerEntry",
        "required_bulkDeliversRawEntries", "required_bulkWithoutTheFeatureDeliversEntriesOneByOne",
        "required_bindingEventDeliversDataAndMetadata", "required_bindingEventReturnsTheReply",
        "required_bindingEventFunctionErrorIsAnError", "required_listsTheFunctionsSubscriptions", "required_subscriptionsComeFromDaprSubscribe",
        "required_waitingCallsCarryFreshTokens", "required_slowAnswersInsideTheTimeoutAreAnswers",
        "required_topicAnswersAreReadAsDaprdReadsThem", "required_deadlineIncludesWaitingForASlot");
  }

  @Test
  @DisplayName("a provider that maps a platform 500 to SUCCESS fails the platform-500 rules")
  void catchesPlatform500AsSuccess() {
    assertFailsExactly(Platform500AsSuccess.class, "required_topicPlatform500IsRetry",
        "required_invokePlatformFailuresAreRetryable", "required_subscriptionPlatformFailureIsAnError",
        "required_unmarkedAnswersAreThePlatforms");
  }

  @Test
  @DisplayName("a provider that drops metadata fails the metadata tests")
  void catchesDroppedMetadata() {
    assertFailsExactly(DropsMetadata.class, "required_invokeForwardsMetadataAndTraceContext",
        "required_topicEventForwardsMetadataAndTraceContext", "required_bindingEventDeliversDataAndMetadata",
        "required_bindingEventReturnsTheReply");
  }

  @Test
  @DisplayName("a provider that treats a platform 404 as the function's DROP fails the 404 rules")
  void catchesPlatform404AsDrop() {
    assertFailsExactly(Platform404AsDrop.class, "required_topicPlatform404IsRetry", "required_invokePlatform404IsNotDeployed",
        "required_bulkPlatformFailureRetriesEveryEntry", "required_bulkWithoutTheFeaturePlatformFailureRetriesEveryEntry",
        "required_bindingPlatformFailureIsRetryable", "required_unmarkedAnswersAreThePlatforms");
  }

  @Test
  @DisplayName("a provider that ignores Retry-After fails the throttling tests")
  void catchesIgnoredRetryAfter() {
    assertFailsExactly(IgnoresRetryAfter.class, "required_invokeThrottlingHonoursRetryAfter",
        "required_topicThrottlingCarriesRetryAfter",
        "required_unavailableWithRetryAfterZeroIsNotResent");
  }

  @Test
  @DisplayName("a provider that ignores the marker (takes every platform answer as the function's) fails the platform-fault tests")
  void catchesIgnoredMarker() {
    assertFailsExactly(IgnoresMarker.class, "required_initFailsOnABadPlatformCredential",
        "required_invokePlatform404IsNotDeployed", "required_invokePlatformAuthNamesTheCredential",
        "required_invokeThrottlingHonoursRetryAfter", "required_invokePlatformFailuresAreRetryable",
        "required_topicPlatform404IsRetry", "required_topicThrottlingCarriesRetryAfter",
        "required_topicPlatformFailuresAreRetry", "required_bulkPlatformFailureRetriesEveryEntry",
        "required_bulkWithoutTheFeaturePlatformFailureRetriesEveryEntry",
        "required_bindingPlatformFailureIsRetryable", "required_subscriptionPlatformFailureIsAnError",
        "required_redirectsAreNeverFollowed", "required_unavailableWithRetryAfterZeroIsNotResent", "required_unmarkedAnswersAreThePlatforms");
  }

  @Test
  @DisplayName("a provider that drops request bodies fails every test that reads what the function received or answered from it")
  void catchesDroppedBodies() {
    assertFailsExactly(DropsBodies.class, "required_invokeDeliversTheRequest", "required_invokeCarriesBinaryBodies",
        "required_topicEventDeliversTheCloudEvent", "required_topicEventStatusesAreTheFunctions",
        "required_functions404IsDrop", "required_functionsNonJsonSuccessIsSuccess", "required_bulkReportsOneStatusPerEntry",
        "required_bulkDeliversRawEntries", "required_bulkWithoutTheFeatureDeliversEntriesOneByOne",
        "required_bindingEventDeliversDataAndMetadata",
        "required_bindingEventReturnsTheReply", "required_bindingEventFunctionErrorIsAnError",
        "required_slowAnswersInsideTheTimeoutAreAnswers", "required_topicAnswersAreReadAsDaprdReadsThem");
  }

  @Test
  @DisplayName("a provider that ignores the call's deadline fails the deadline tests")
  void catchesIgnoredDeadlines() {
    assertFailsExactly(IgnoresDeadlines.class, "required_invokeHonoursTheDeadline", "required_deadlineIsRetry",
        "required_deadlineIncludesWaitingForASlot");
  }

  @Test
  @DisplayName("a provider that signs a new token for every request fails the token-reuse test")
  void catchesPerRequestSigning() {
    assertFailsExactly(SignsPerRequest.class, "required_tokenIsReused");
  }

  @Test
  @DisplayName("a provider that reports binding events queued even when the platform failed fails the asynchronous-failure rule, and its other asynchronous rules run and pass")
  void catchesQueuedFailures() {
    EngineExecutionResults run = assertFailsExactly(QueuesEvenFailures.class, "optional_asyncBindingPlatformFailureIsAnError");
    assertThat(run.testEvents().skipped().count()).as("the optional rules ran").isZero();
  }

  @Test
  @DisplayName("a provider that declares asynchronous binding events but waits for the reply fails the 'queued' rule, and its other asynchronous rules run and pass")
  void catchesUnqueuedAsyncBindings() {
    EngineExecutionResults run = assertFailsExactly(DeclaresAsyncButWaits.class, "optional_asyncBindingEventIsQueued");
    assertThat(run.testEvents().skipped().count()).as("the optional rules ran").isZero();
  }

  private EngineExecutionResults assertFailsExactly(Class<? extends ComputeConformanceSuite> suite, String... tests) {
    EngineExecutionResults run;
    try {
      run = results.get(suite).get(4, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new AssertionError("the run of " + suite.getSimpleName() + " did not complete", e);
    }
    List<String> failed = run.testEvents().failed().stream().map(ConformanceSuiteSelfTest::name).toList();
    List<String> passed = run.testEvents().succeeded().stream().map(ConformanceSuiteSelfTest::name).toList();
    assertThat(passed).as("the suite ran (setup did not fail wholesale)").isNotEmpty();
    assertThat(failed).as("the tests %s fails", suite.getSimpleName()).containsExactlyInAnyOrder(tests);
    return run;
  }

  private static String name(Event event) {
    TestDescriptor descriptor = event.getTestDescriptor();
    return descriptor.getSource().filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName()).orElse(descriptor.getDisplayName());
  }

  /** The suite against one broken provider, in front of the plain-HTTP fake. */
  abstract static class BrokenSuite extends ComputeConformanceSuite {
    private final Supplier<ComputeProvider> provider;
    private final boolean asyncBindings;
    private final Dispatcher dispatcher = new Dispatcher();

    BrokenSuite(Supplier<ComputeProvider> provider) {
      this(provider, false);
    }

    BrokenSuite(Supplier<ComputeProvider> provider, boolean asyncBindings) {
      this.provider = provider;
      this.asyncBindings = asyncBindings;
    }

    /**
     * The careless client with a dispatcher of its own: the suites run at once, and OkHttp's
     * shared dispatcher would let only five of their calls to 127.0.0.1 run at a time, queueing
     * the rest where their deadlines and tokens age.
     */
    @Override
    protected ComputeContext context() {
      return new ComputeContext(CarelessClient.INSTANCE.newBuilder().dispatcher(dispatcher).build(), Clock.systemUTC(),
          appId());
    }

    @AfterAll
    final void stopDispatcher() {
      dispatcher.executorService().shutdown();
    }

    @Override
    protected Optional<Consumer<ComponentMetadata.Builder>> asyncBindingsComponent() {
      return asyncBindings ? Optional.of(metadata -> metadata.put(BrokenProviders.ASYNC_BINDINGS, "true")) : Optional.empty();
    }

    @Override
    protected ComputeProvider provider() {
      return provider.get();
    }

    @Override
    protected PlatformFake startFake() {
      return HttpPlatformFake.start("orders-fn");
    }
  }

  static class NoToken extends BrokenSuite {
    NoToken() {
      super(BrokenProviders::sendsNoToken);
    }
  }

  static class Platform500AsSuccess extends BrokenSuite {
    Platform500AsSuccess() {
      super(BrokenProviders::mapsPlatform500ToSuccess);
    }
  }

  static class DropsMetadata extends BrokenSuite {
    DropsMetadata() {
      super(BrokenProviders::dropsMetadata);
    }
  }

  static class Platform404AsDrop extends BrokenSuite {
    Platform404AsDrop() {
      super(BrokenProviders::treatsPlatform404AsDrop);
    }
  }

  static class IgnoresRetryAfter extends BrokenSuite {
    IgnoresRetryAfter() {
      super(BrokenProviders::ignoresRetryAfter);
    }
  }

  static class IgnoresMarker extends BrokenSuite {
    IgnoresMarker() {
      super(BrokenProviders::ignoresMarker);
    }
  }

  static class DropsBodies extends BrokenSuite {
    DropsBodies() {
      super(BrokenProviders::dropsBodies);
    }
  }

  static class IgnoresDeadlines extends BrokenSuite {
    IgnoresDeadlines() {
      super(BrokenProviders::ignoresDeadlines);
    }
  }

  static class SignsPerRequest extends BrokenSuite {
    SignsPerRequest() {
      super(BrokenProviders::signsPerRequest);
    }
  }

  static class QueuesEvenFailures extends BrokenSuite {
    QueuesEvenFailures() {
      super(BrokenProviders::queuesEvenFailedBindingEvents, true);
    }
  }

  static class DeclaresAsyncButWaits extends BrokenSuite {
    DeclaresAsyncButWaits() {
      super(BrokenProviders::declaresAsyncBindingsButWaits, true);
    }
  }
}
