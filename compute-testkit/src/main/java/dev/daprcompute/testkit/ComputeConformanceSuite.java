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
import dev.daprcompute.testkit.conformance.AsyncBindingRules;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules every compute provider must keep (protocol.md), checked against the provider's platform
 * fake. A provider module extends this class once:
 *
 * <pre>{@code
 * class AwsLambdaConformanceTest extends ComputeConformanceSuite {
 *   protected ComputeProvider provider() { return ComputeProviders.provider(new AwsLambdaPlatformProvider()); }
 *   protected PlatformFake startFake() { return AwsLambdaFake.start("orders-fn"); }
 * }
 * }</pre>
 *
 * <p>The rules live in one interface per topic ({@code dev.daprcompute.testkit.conformance}), as in
 * Micrometer's compatibility kit. This class implements every required topic: {@link InitRules},
 * {@link InvokeRules}, {@link TopicEventRules}, {@link BulkRules}, {@link BindingRules}, {@link
 * SubscriptionRules}, {@link AuthRules}, {@link PlatformFaultRules} and {@link HostileRules},
 * against one fake started for the class and one component initialised through it ({@link
 * Conformance}). A provider whose platform has a capability that needs a setting opts into its
 * optional topic by implementing it too, with the hook it asks for:
 *
 * <pre>{@code
 * class AwsLambdaConformanceTest extends ComputeConformanceSuite implements AsyncBindingRules {
 *   ...
 *   public Consumer<ComponentMetadata.Builder> asyncBindingsComponent() {
 *     return metadata -> metadata.put("invocationType", "Event");
 *   }
 * }
 * }</pre>
 *
 * <p>Tests are named for the rule they check: {@code required_...} for what every provider must do,
 * {@code optional_...} for a capability. An optional rule of a required topic runs when the
 * component declares the capability in {@link Compute#features()} and skips visibly (a JUnit
 * assumption) otherwise, never passing empty; the rules of an optional topic ({@link
 * AsyncBindingRules}) run, and must pass, in every provider test that implements it. When a test
 * fails, its display name says the rule and its Javadoc what to look at; protocol.md says why it
 * matters.
 *
 * <p>One instance runs every rule (JUnit's per-class lifecycle); the rules run one at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ComputeConformanceSuite
    implements InitRules,
        InvokeRules,
        TopicEventRules,
        BulkRules,
        BindingRules,
        SubscriptionRules,
        AuthRules,
        PlatformFaultRules,
        HostileRules {

  /** The provider under test. */
  protected abstract ComputeProvider provider();

  /** A started fake of the provider's platform, in front of a {@link ReferenceFunction}. */
  protected abstract PlatformFake startFake();

  /** The app ID the components serve; it must arrive as the token's {@code sub}. */
  protected String appId() {
    return "conformance-app";
  }

  /**
   * The context components are created with: its shared HTTP client is set up as a careless runtime
   * might set up its own, with OkHttp's redirect following on and short timeouts of OkHttp's own
   * (300 ms), so that a provider which keeps the client's judgement instead of its component's
   * rules (protocol.md section 5) fails here.
   */
  protected ComputeContext context() {
    return new ComputeContext(CarelessClient.INSTANCE, Clock.systemUTC(), appId());
  }

  /** The fake, started once for the class. */
  protected PlatformFake fake;

  /** A component initialised against the fake, shared by the tests that do not need their own. */
  protected Compute compute;

  private final List<Compute> opened = new CopyOnWriteArrayList<>();
  private final Conformance conformance = new Fixture();

  /** The fixture every rule of this run uses: this suite's fake, its component and its hooks. */
  @Override
  public final Conformance conformance() {
    return conformance;
  }

  @BeforeAll
  final void startConformance() {
    fake = startFake();
    compute = open(metadata -> {});
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
    ComponentMetadata.Builder metadata =
        fake.component("conformance").initTimeout(Duration.ofSeconds(5));
    customize.accept(metadata);
    Compute created = create();
    created.init(metadata.build());
    return created;
  }

  /** The init failure of a new component with {@code customize} applied. */
  protected final ComputeInitException initFailure(Consumer<ComponentMetadata.Builder> customize) {
    Throwable thrown = catchThrowable(() -> open(customize));
    assertThat(thrown)
        .as("init must fail with ComputeInitException")
        .isInstanceOf(ComputeInitException.class);
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
  }
}
