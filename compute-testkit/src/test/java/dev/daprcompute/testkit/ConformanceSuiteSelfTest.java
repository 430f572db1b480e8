package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.testkit.conformance.AsyncBindingRules;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import okhttp3.Dispatcher;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The conformance suite tests itself, as the reactive-streams TCK does: every rule, required or
 * optional, fails against a provider with one deliberate bug ({@link Breakage}, built in {@link
 * BrokenProviders}), and fails for that bug: its failure says what the rule checks, not that the
 * fixture broke. A rule no breakage catches fails {@link #everyRuleIsCaught()}: a test that cannot
 * fail is a defect. That the same rules pass against a sound provider is {@link
 * HttpComputeConformanceTest}.
 *
 * <p>Each breakage runs only the rules it must break, in one run of the suite against the
 * plain-HTTP fake; the runs start together, since they mostly wait (deadlines, slow answers, init
 * retries), and each is bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the conformance suite catches broken providers")
class ConformanceSuiteSelfTest {
  /** The configuration parameter that tells {@link BrokenSuite} its breakage. */
  private static final String BREAKAGE = "dapr.compute.conformance.breakage";

  /** A rule a breakage must fail, and what its failure says (in its message or a cause's). */
  record Caught(String rule, String says) {}

  private static Caught fails(String rule, String says) {
    return new Caught(rule, says);
  }

  /** The bugs, and which rules catch each: every rule of the suite appears once. */
  enum Breakage {
    ANSWERS_FOR_THE_FUNCTION(
        "answers the info call and the subscription list for the function",
        BrokenProviders::answersForTheFunction,
        fails("required_initReportsDeployedAuthProtocolAndVersion", "but was: \"0.0.1\""),
        fails("required_initCallsTheInfoPathWithAValidToken", "Expecting actual not to be empty"),
        fails("required_initFailsWhenNotDeployed", "init must fail with ComputeInitException"),
        fails(
            "required_initFailsWhenTheTokenIsRejected", "init must fail with ComputeInitException"),
        fails(
            "required_initFailsOnAnUnsupportedProtocol",
            "init must fail with ComputeInitException"),
        fails("required_listsInputBindingsFromTheInfoDocument", "[\"orders-queue\", \"cron\"]"),
        fails(
            "required_listsTheFunctionsSubscriptions",
            "[\"orders\", \"payments\", \"bulk-orders\"]"),
        fails("required_subscriptionsComeFromDaprSubscribe", "Expected size: 1 but was: 0")),
    IGNORES_MARKER(
        "takes every answer for the function's, ignoring the marker",
        BrokenProviders::ignoresMarker,
        fails("required_initFailsOnABadPlatformCredential", "expected: \"credentials\""),
        fails("required_invokePlatformAuthNamesTheCredential", "the call must fail"),
        fails("required_topicPlatformFailuresAreRetry", "expected: RETRY"),
        fails("required_unmarkedAnswersAreThePlatforms", "[after Unmarked")),
    TREATS_PLATFORM_404_AS_DROP(
        "takes a platform 404 for the function's",
        BrokenProviders::treatsPlatform404AsDrop,
        fails("required_invokePlatform404IsNotDeployed", "the call must fail"),
        fails("required_topicPlatform404IsRetry", "expected: RETRY"),
        fails("required_bulkPlatformFailureRetriesEveryEntry", "to contain only:"),
        fails("required_bulkWithoutTheFeaturePlatformFailureRetriesEveryEntry", "[RETRY, RETRY]"),
        fails(
            "required_bindingPlatformFailureIsRetryable",
            "a platform failure must be a ComputeUnavailableException")),
    READS_EVERY_PLATFORM_ERROR_AS_NOT_DEPLOYED(
        "reads every platform failure as 'not deployed'",
        BrokenProviders::readsEveryPlatformErrorAsNotDeployed,
        fails("required_initRetriesThroughColdStarts", "is not deployed"),
        fails("required_initGivesUpAtInitTimeout", "Expecting value to be true but was false"),
        fails("required_invokePlatformFailuresAreRetryable", "[after ColdStart")),
    MAPS_PLATFORM_500_TO_SUCCESS(
        "reads a platform 500 as the function's 200",
        BrokenProviders::mapsPlatform500ToSuccess,
        fails("required_topicPlatform500IsRetry", "expected: RETRY"),
        fails(
            "required_subscriptionPlatformFailureIsAnError",
            "a platform failure must be a ComputeUnavailableException")),
    IGNORES_RETRY_AFTER(
        "loses the platform's Retry-After",
        BrokenProviders::ignoresRetryAfter,
        fails("required_invokeThrottlingHonoursRetryAfter", "Expecting Optional to contain:"),
        fails("required_topicThrottlingCarriesRetryAfter", "Expecting Optional to contain:")),
    LOSES_THE_FUNCTIONS_STATUS(
        "loses the function's status, so that every answer is a 200",
        BrokenProviders::losesTheFunctionsStatus,
        fails("required_invokeReturnsTheFunctionsAnswer", "expected: 418"),
        fails("required_invokeReturnsTheFunctionsOwn404", "expected: 404"),
        fails("required_functions404IsDrop", "expected: DROP"),
        fails("required_functions500IsRetry", "expected: RETRY"),
        fails("required_bindingEventFunctionErrorIsAnError", "the call must fail")),
    JUDGES_THE_FUNCTIONS_BODY(
        "takes a 2xx of the function's that is not one JSON value for a platform error",
        BrokenProviders::judgesTheFunctionsBody,
        fails("required_functionsNonJsonSuccessIsSuccess", "expected: SUCCESS"),
        fails("required_topicAnswersAreReadAsDaprdReadsThem", "expected: DROP")),
    DROPS_BODIES(
        "sends requests without their bodies",
        BrokenProviders::dropsBodies,
        fails("required_invokeDeliversTheRequest", "expected: \"{\"n\":1}\""),
        fails("required_topicEventDeliversTheCloudEvent", "expected: SUCCESS"),
        fails("required_topicEventStatusesAreTheFunctions", "expected: SUCCESS"),
        fails("required_bulkReportsOneStatusPerEntry", "[SUCCESS, RETRY, DROP, DROP, RETRY]"),
        fails("required_bulkDeliversRawEntries", "to contain only:")),
    DROPS_METADATA(
        "drops call metadata",
        BrokenProviders::dropsMetadata,
        fails("required_invokeForwardsMetadataAndTraceContext", "expected: \"acme\""),
        fails("required_topicEventForwardsMetadataAndTraceContext", "\"42\""),
        fails("required_bindingEventDeliversDataAndMetadata", "\"m-5\""),
        fails("required_bindingEventReturnsTheReply", "[\"audit\", \"archive\"]")),
    TREATS_BODIES_AS_TEXT(
        "carries bodies as UTF-8 text, both ways",
        BrokenProviders::treatsBodiesAsText,
        fails("required_invokeCarriesBinaryBodies", "expected: [0, 1, 2, 3")),
    TUNNELS_VERBS_AS_POST(
        "sends PUT, PATCH, DELETE and OPTIONS as POST",
        BrokenProviders::tunnelsVerbsAsPost,
        fails("required_invokeDeliversEveryVerb", "[verb PUT]")),
    SENDS_THE_APP_API_TOKEN(
        "sends daprd's app API token to the function",
        BrokenProviders::sendsTheAppApiToken,
        fails(
            "required_invokeNeverForwardsTheAppApiToken",
            "Expecting value to be false but was true")),
    CLEANS_INVOCATIONS_ITSELF(
        "cleans the method and the metadata itself instead of leaving it to the component",
        BrokenProviders::cleansInvocationsItself,
        fails("required_invokeNormalisesTheMethod", "expected: \"echo\""),
        fails("required_invokeRefusesPathsAboveTheBase", "the call must fail"),
        fails("required_invokeRefusesHeaderInjection", "the call must fail")),
    LOSES_COMMON_FIELDS(
        "loses the common fields minVersion and maxBodySize",
        BrokenProviders::losesCommonFields,
        fails("required_initFailsBelowMinVersion", "init must fail with ComputeInitException"),
        fails("required_invokeRefusesOversizedBodies", "the call must fail")),
    IGNORES_DEADLINES(
        "ignores the call's deadline",
        BrokenProviders::ignoresDeadlines,
        fails("required_invokeHonoursTheDeadline", "the call must fail"),
        fails("required_deadlineIsRetry", "expected: RETRY"),
        fails("required_deadlineIncludesWaitingForASlot", "the call must fail")),
    CLAIMS_BULK_FOR_THE_FUNCTION(
        "claims bulkTopicEvents for the function",
        BrokenProviders::claimsBulkForTheFunction,
        fails(
            "required_bulkWithoutTheFeatureDeliversEntriesOneByOne",
            "[the function does not declare bulkTopicEvents]")),
    SENDS_NO_TOKEN(
        "sends no token",
        BrokenProviders::sendsNoToken,
        fails("required_everyRequestCarriesAVerifiedToken", "no token: send it as"),
        fails("required_tokenAlgorithmAndKid", "no token: send it as")),
    SIGNS_WITHOUT_THE_APP_ID(
        "signs its tokens without the app ID",
        BrokenProviders::signsWithoutTheAppId,
        fails("required_tokenClaims", "expected: \"conformance-app\"")),
    OCCUPIES_AUTHORIZATION(
        "sends the token in Dapr-Authorization though the platform leaves Authorization free",
        BrokenProviders::occupiesAuthorization,
        fails("required_tokenTravelsInTheExpectedHeader", "to start with:")),
    SIGNS_PER_REQUEST(
        "signs a new token for every request",
        BrokenProviders::signsPerRequest,
        fails("required_tokenIsReused", "[distinct token ids over")),
    DROPS_THE_PROTOCOL_HEADER(
        "drops the protocol version header",
        BrokenProviders::dropsTheProtocolHeader,
        fails("required_requestsCarryTheProtocolHeader", "Expecting Optional to contain:")),
    REUSES_THE_FIRST_TOKEN(
        "sends its first token on every request",
        BrokenProviders::reusesTheFirstToken,
        fails(
            "required_waitingCallsCarryFreshTokens",
            "[the waiting call's token was rejected: token expired")),
    JUDGES_LIKE_AN_HTTP_CLIENT(
        "follows redirects, re-sends a 503 and times out reads, as an HTTP client would",
        BrokenProviders::judgesLikeAnHttpClient,
        fails("required_redirectsAreNeverFollowed", "[a topic event answered 301]"),
        fails("required_slowAnswersInsideTheTimeoutAreAnswers", "expected: DROP"),
        fails("required_unavailableWithRetryAfterZeroIsNotResent", "expected: RETRY")),
    DECLARES_PLATFORM_CHECKS_BUT_RUNS_NONE(
        "declares platform checks but runs none",
        BrokenProviders::declaresPlatformChecksButRunsNone,
        fails("optional_initRunsPlatformChecks", "not to be in:")),
    DECLARES_ASYNC_BINDINGS_BUT_WAITS(
        "declares asynchronous binding events but waits for the function's reply",
        BrokenProviders::declaresAsyncBindingsButWaits,
        fails("optional_asyncBindingEventIsQueued", "[the reply is reported as queued")),
    QUEUES_EVEN_FAILED_BINDING_EVENTS(
        "reports binding events queued even when the platform failed",
        BrokenProviders::queuesEvenFailedBindingEvents,
        fails("optional_asyncBindingPlatformFailureIsAnError", "the call must fail")),
    QUEUES_EVERY_REQUEST(
        "reports every request queued, not only binding events",
        BrokenProviders::queuesEveryRequest,
        fails(
            "optional_asyncBindingsLeaveOtherCallsSynchronous",
            "which only a binding event may be"));

    final String bug;
    final Supplier<ComputeProvider> provider;
    final List<Caught> caught;

    Breakage(String bug, Supplier<ComputeProvider> provider, Caught... caught) {
      this.bug = bug;
      this.provider = provider;
      this.caught = List.of(caught);
    }
  }

  private final ExecutorService runner = Executors.newFixedThreadPool(4);

  @AfterAll
  void stopRunner() {
    runner.shutdownNow();
  }

  @Test
  @DisplayName(
      "every rule of the suite and of its optional topics is caught by exactly one breakage")
  void everyRuleIsCaught() {
    List<String> rules =
        Arrays.stream(BrokenSuite.class.getMethods())
            .filter(method -> method.isAnnotationPresent(Test.class))
            .map(Method::getName)
            .toList();
    assertThat(rules)
        .as("the suite's rules")
        .hasSizeGreaterThan(60)
        .allSatisfy(rule -> assertThat(rule).matches("(required|optional)_.*"));
    List<String> caught =
        Arrays.stream(Breakage.values()).flatMap(b -> b.caught.stream()).map(Caught::rule).toList();
    assertThat(caught)
        .as("the rules the breakages catch")
        .containsExactlyInAnyOrderElementsOf(rules);
  }

  @TestFactory
  @DisplayName("each breakage fails the rules that guard against it, for that reason")
  Stream<DynamicTest> eachBreakageFailsItsRules() {
    Map<Breakage, CompletableFuture<EngineExecutionResults>> runs = new EnumMap<>(Breakage.class);
    for (Breakage breakage : Breakage.values()) {
      runs.put(breakage, CompletableFuture.supplyAsync(() -> run(breakage), runner));
    }
    return runs.entrySet().stream()
        .map(
            run ->
                DynamicTest.dynamicTest(
                    "a provider that " + run.getKey().bug,
                    () -> assertCaught(run.getKey(), run.getValue())));
  }

  /** The breakage's rules, run against it; each rule of the run bounded by JUnit's timeout. */
  private static EngineExecutionResults run(Breakage breakage) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(BREAKAGE, breakage.name())
        .configurationParameter("junit.jupiter.execution.timeout.default", "60 s")
        .selectors(
            breakage.caught.stream()
                .map(caught -> selectMethod(BrokenSuite.class, caught.rule()))
                .toList())
        .execute();
  }

  private static void assertCaught(
      Breakage breakage, CompletableFuture<EngineExecutionResults> pending) throws Exception {
    EngineExecutionResults run = pending.get(3, TimeUnit.MINUTES);
    assertThat(run.containerEvents().failed().stream().map(ConformanceSuiteSelfTest::describe))
        .as("the suite's fixture started and stopped")
        .isEmpty();
    SoftAssertions softly = new SoftAssertions();
    for (Caught caught : breakage.caught) {
      List<Event> finished =
          run.testEvents().finished().stream()
              .filter(event -> rule(event).equals(caught.rule()))
              .toList();
      softly.assertThat(finished).as("%s ran", caught.rule()).hasSize(1);
      if (finished.size() != 1) {
        continue;
      }
      TestExecutionResult result = finished.get(0).getRequiredPayload(TestExecutionResult.class);
      softly
          .assertThat(result.getStatus())
          .as("%s against a provider that %s", caught.rule(), breakage.bug)
          .isEqualTo(TestExecutionResult.Status.FAILED);
      result
          .getThrowable()
          .ifPresent(
              failure ->
                  softly
                      .assertThat(messages(failure))
                      .as("why %s failed against a provider that %s", caught.rule(), breakage.bug)
                      .contains(caught.says()));
    }
    softly.assertAll();
  }

  private static String rule(Event event) {
    return event
        .getTestDescriptor()
        .getSource()
        .filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName())
        .orElse("");
  }

  private static String describe(Event event) {
    return event.getTestDescriptor().getDisplayName()
        + ": "
        + event
            .getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable)
            .map(Throwable::toString)
            .orElse("");
  }

  /** The messages of {@code failure} and its causes, one a line. */
  private static String messages(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null && messages.size() < 10; t = t.getCause()) {
      messages.add(t.toString());
    }
    return String.join("\n", messages);
  }

  /**
   * The suite, with its optional topics, against the provider with the breakage the run names (in
   * {@value #BREAKAGE}), in front of the plain-HTTP fake. Runs only from this self-test.
   */
  @ExtendWith(BreakageResolver.class)
  static final class BrokenSuite extends ComputeConformanceSuite implements AsyncBindingRules {
    private final Breakage breakage;
    private final Dispatcher dispatcher = new Dispatcher();

    BrokenSuite(Breakage breakage) {
      this.breakage = breakage;
    }

    /**
     * The careless client with a dispatcher of its own: the runs go at once, and OkHttp's shared
     * dispatcher would let only five of their calls to 127.0.0.1 run at a time, queueing the rest
     * where their deadlines and tokens age.
     */
    @Override
    protected ComputeContext context() {
      return new ComputeContext(
          CarelessClient.INSTANCE.newBuilder().dispatcher(dispatcher).build(),
          Clock.systemUTC(),
          appId());
    }

    @AfterAll
    void stopDispatcher() {
      dispatcher.executorService().shutdown();
    }

    @Override
    public Consumer<ComponentMetadata.Builder> asyncBindingsComponent() {
      return metadata -> metadata.put(BrokenProviders.ASYNC_BINDINGS, "true");
    }

    @Override
    protected ComputeProvider provider() {
      return breakage.provider.get();
    }

    @Override
    protected PlatformFake startFake() {
      return HttpPlatformFake.start("orders-fn");
    }
  }

  /** Gives {@link BrokenSuite} the breakage its run names. */
  static final class BreakageResolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Breakage.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      Optional<String> name = context.getConfigurationParameter(BREAKAGE);
      return Breakage.valueOf(
          name.orElseThrow(
              () ->
                  new ParameterResolutionException(
                      "BrokenSuite runs only from ConformanceSuiteSelfTest, which names its breakage in "
                          + BREAKAGE)));
    }
  }
}
