package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.testkit.conformance.AuthRules;
import dev.daprcompute.testkit.conformance.BindingRules;
import dev.daprcompute.testkit.conformance.BulkRules;
import dev.daprcompute.testkit.conformance.Checks;
import dev.daprcompute.testkit.conformance.Conformance;
import dev.daprcompute.testkit.conformance.HostileRules;
import dev.daprcompute.testkit.conformance.InitRules;
import dev.daprcompute.testkit.conformance.InvokeRules;
import dev.daprcompute.testkit.conformance.PlatformFaultRules;
import dev.daprcompute.testkit.conformance.SubscriptionRules;
import dev.daprcompute.testkit.conformance.TopicEventRules;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules every compute provider must keep (protocol.md), checked against the provider's
 * platform fake. A provider module extends this class once:
 *
 * <pre>{@code
 * class AwsLambdaConformanceTest extends ComputeConformanceSuite {
 *   protected ComputeProvider provider() { return ComputeProviders.provider(new AwsLambdaPlatformProvider()); }
 *   protected PlatformFake startFake() { return AwsLambdaFake.start("orders-fn"); }
 * }
 * }</pre>
 *
 * <p>The rules live in one interface per topic ({@code dev.daprcompute.testkit.conformance}:
 * {@link InitRules}, {@link InvokeRules}, {@link TopicEventRules}, {@link BulkRules},
 * {@link BindingRules}, {@link SubscriptionRules}, {@link AuthRules}, {@link PlatformFaultRules},
 * {@link HostileRules}); this class runs them all, in one nested class per topic, against one fake
 * started for the class and one component initialised through it ({@link Conformance}).
 *
 * <p>Tests are named for the rule they check: {@code required_...} for what every provider must do,
 * {@code optional_...} for capabilities a provider declares in {@link Compute#features()}; those
 * skip visibly (a JUnit assumption) when the feature is absent, and never pass empty. A capability
 * that needs a setting (asynchronous binding events) runs when the provider's test says which
 * ({@link #asyncBindingsComponent()}). When a test fails, its display name says the rule, its
 * Javadoc what to look at; protocol.md says why it matters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ComputeConformanceSuite {

  /** The provider under test. */
  protected abstract ComputeProvider provider();

  /** A started fake of the provider's platform, in front of a {@link ReferenceFunction}. */
  protected abstract PlatformFake startFake();

  /** The app ID the components serve; it must arrive as the token's {@code sub}. */
  protected String appId() {
    return "conformance-app";
  }

  /**
   * The context components are created with: its shared HTTP client is set up as a careless
   * runtime might set up its own, with OkHttp's redirect following on and short timeouts of
   * OkHttp's own (300 ms), so that a provider which keeps the client's judgement instead of its
   * component's rules (protocol.md section 5) fails here.
   */
  protected ComputeContext context() {
    return new ComputeContext(CarelessClient.INSTANCE, Clock.systemUTC(), appId());
  }

  /**
   * What turns on asynchronous binding events ({@code Feature.ASYNC_BINDING_EVENTS}) for a
   * component of {@link #startFake()}'s fake, applied to its metadata: a provider whose platform
   * can queue binding events overrides this, and {@link BindingRules}' {@code optional_async...}
   * rules then run against such a component. Lambda's:
   *
   * <pre>{@code
   * protected Optional<Consumer<ComponentMetadata.Builder>> asyncBindingsComponent() {
   *   return Optional.of(metadata -> metadata.put("invocationType", "Event"));
   * }
   * }</pre>
   *
   * <p>Empty by default: the rules then run only when the shared component declares the feature
   * itself, and skip otherwise.
   */
  protected Optional<Consumer<ComponentMetadata.Builder>> asyncBindingsComponent() {
    return Optional.empty();
  }

  /** The fake, started once for the class. */
  protected PlatformFake fake;

  /** A component initialised against the fake, shared by the tests that do not need their own. */
  protected Compute compute;

  private final List<Compute> opened = new CopyOnWriteArrayList<>();
  private final Conformance conformance = new Fixture();

  @BeforeAll
  final void startConformance() {
    fake = startFake();
    compute = open(metadata -> { });
  }

  @AfterAll
  final void stopConformance() {
    opened.forEach(Compute::close);
    if (fake != null) {
      fake.close();
    }
  }

  @BeforeEach
  final void resetFake() {
    fake.reset();
  }

  /** A new component for the fake, with {@code customize} applied to its metadata, initialised. */
  protected final Compute open(Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata = fake.component("conformance").initTimeout(Duration.ofSeconds(5));
    customize.accept(metadata);
    Compute created = create();
    created.init(metadata.build());
    return created;
  }

  /** The init failure of a new component with {@code customize} applied. */
  protected final ComputeInitException initFailure(Consumer<ComponentMetadata.Builder> customize) {
    Throwable thrown = catchThrowable(() -> open(customize));
    assertThat(thrown).as("init must fail with ComputeInitException").isInstanceOf(ComputeInitException.class);
    return (ComputeInitException) thrown;
  }

  private Compute create() {
    Compute created = provider().create(context());
    opened.add(created);
    return created;
  }

  /** {@link Checks#await}. */
  protected static <T> T await(CompletableFuture<T> future) {
    return Checks.await(future);
  }

  /** {@link Checks#failureOf}. */
  protected static Throwable failureOf(CompletableFuture<?> future) {
    return Checks.failureOf(future);
  }

  /** {@link Checks#event}. */
  protected static TopicEventRequest event(String data) {
    return Checks.event(data);
  }

  /** {@link Checks#batch}. */
  protected static BulkTopicEventRequest batch(String... data) {
    return Checks.batch(data);
  }

  /** The suite's fixture, as the rules see it. */
  private final class Fixture implements Conformance {
    @Override
    public PlatformFake fake() {
      return fake;
    }

    @Override
    public Compute compute() {
      return compute;
    }

    @Override
    public String appId() {
      return ComputeConformanceSuite.this.appId();
    }

    @Override
    public Compute create() {
      return ComputeConformanceSuite.this.create();
    }

    @Override
    public Compute open(Consumer<ComponentMetadata.Builder> customize) {
      return ComputeConformanceSuite.this.open(customize);
    }

    @Override
    public ComputeInitException initFailure(Consumer<ComponentMetadata.Builder> customize) {
      return ComputeConformanceSuite.this.initFailure(customize);
    }

    @Override
    public Optional<Consumer<ComponentMetadata.Builder>> asyncBindingsComponent() {
      return ComputeConformanceSuite.this.asyncBindingsComponent();
    }
  }

  /** A topic's rules against this suite's fixture. */
  abstract class Topic {
    public final Conformance conformance() {
      return conformance;
    }
  }

  @Nested
  @DisplayName("init")
  class Init extends Topic implements InitRules {}

  @Nested
  @DisplayName("invoke")
  class Invoke extends Topic implements InvokeRules {}

  @Nested
  @DisplayName("topic events")
  class TopicEvents extends Topic implements TopicEventRules {}

  @Nested
  @DisplayName("bulk topic events")
  class BulkTopicEvents extends Topic implements BulkRules {}

  @Nested
  @DisplayName("binding events")
  class BindingEvents extends Topic implements BindingRules {}

  @Nested
  @DisplayName("subscriptions and input bindings")
  class Subscriptions extends Topic implements SubscriptionRules {}

  @Nested
  @DisplayName("auth")
  class Auth extends Topic implements AuthRules {}

  @Nested
  @DisplayName("platform faults (protocol section 4)")
  class Faults extends Topic implements PlatformFaultRules {}

  @Nested
  @DisplayName("hostile platforms and front ends (nothing lost)")
  class Hostile extends Topic implements HostileRules {}
}
