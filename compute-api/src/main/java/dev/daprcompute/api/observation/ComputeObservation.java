package dev.daprcompute.api.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations a component makes, when its {@link dev.daprcompute.api.ComputeContext} has an
 * {@code ObservationRegistry}: their names and low-cardinality keys, which become the metrics'
 * names and tags (a {@code DefaultMeterObservationHandler} makes a timer of each, named as the
 * observation, plus its {@code error} tag) and the spans' names and attributes.
 *
 * <p>Every key's values are few and fixed: component names and types, and the words listed below.
 * No observation carries a secret, a URL, an event or call id, a method or a path: those hold user
 * data, and would make a time series per call. There are no high-cardinality keys.
 */
public enum ComputeObservation implements ObservationDocumentation {

  /**
   * {@value #CALLS_NAME}: one per call a runtime makes (invocation, topic event, batch, binding
   * event, subscriptions, input bindings), from when it is asked for until its future completes,
   * waiting for a free slot of {@code maxConcurrency} included. Keys: {@link Key#COMPONENT}, {@link
   * Key#TYPE}, {@link Key#OPERATION}, {@link Key#OUTCOME}, {@link Key#REASON}.
   */
  CALLS {
    @Override
    public String getName() {
      return CALLS_NAME;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return Key.values();
    }
  },

  /**
   * {@value #INIT_ATTEMPTS_NAME}: one per attempt of init's checks (the platform's own, then the
   * info call). Keys: {@link Key#COMPONENT}, {@link Key#TYPE}, {@link Key#OUTCOME} ({@code
   * SUCCESS}, {@code RETRY}: failed and will be tried again, {@code FAILURE}: init failed with it)
   * and {@link Key#REASON}.
   */
  INIT_ATTEMPTS {
    @Override
    public String getName() {
      return INIT_ATTEMPTS_NAME;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return new KeyName[] {Key.COMPONENT, Key.TYPE, Key.OUTCOME, Key.REASON};
    }
  },

  /**
   * {@value #TOKEN_SIGNINGS_NAME}: one per token the component signs (a token is reused until half
   * its lifetime has passed, so there are about two per {@code tokenLifetime}, not one per call).
   * Keys: {@link Key#COMPONENT}, {@link Key#TYPE}.
   */
  TOKEN_SIGNINGS {
    @Override
    public String getName() {
      return TOKEN_SIGNINGS_NAME;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return new KeyName[] {Key.COMPONENT, Key.TYPE};
    }
  };

  /** The name of {@link #CALLS}. */
  public static final String CALLS_NAME = "dapr.compute.calls";

  /** The name of {@link #INIT_ATTEMPTS}. */
  public static final String INIT_ATTEMPTS_NAME = "dapr.compute.init.attempts";

  /** The name of {@link #TOKEN_SIGNINGS}. */
  public static final String TOKEN_SIGNINGS_NAME = "dapr.compute.token.signings";

  /** The low-cardinality keys; every observation has the ones its constant lists, always set. */
  public enum Key implements KeyName {

    /** The component's name ({@code metadata.name}). */
    COMPONENT("component"),

    /** The component's type ({@code spec.type}), such as {@code compute.http}. */
    TYPE("type"),

    /**
     * What was called, in Dapr's words: {@code invoke}, {@code topic_event}, {@code
     * bulk_topic_event}, {@code binding_event}, {@code list_topic_subscriptions}, {@code
     * list_input_bindings}. A batch the function cannot take whole is delivered, and observed, one
     * {@code topic_event} at a time.
     */
    OPERATION("operation"),

    /**
     * How it ended. Calls: {@code SUCCESS} (the function answered: for an invocation whatever its
     * status), {@code RETRY} and {@code DROP} (a PubSub delivery's status; for a batch, RETRY when
     * any entry is RETRY, else DROP when any is DROP), or {@code FAILURE} (the call's future
     * failed). Init attempts: {@code SUCCESS}, {@code RETRY} or {@code FAILURE}.
     */
    OUTCOME("outcome"),

    /**
     * Why a call or attempt did not succeed; {@code none} when it did (and for DROP). A platform
     * failure is its {@link dev.daprcompute.api.ComputeUnavailableException.Reason}: {@code
     * NOT_DEPLOYED}, {@code PLATFORM_CREDENTIALS}, {@code THROTTLED}, {@code PLATFORM_ERROR},
     * {@code FUNCTION_CRASHED}, {@code TIMEOUT}, {@code CONNECTION_FAILED}. Otherwise: {@code
     * FUNCTION} (the function answered with an error status, or RETRY of its own), {@code
     * TOKEN_REJECTED}, {@code PROTOCOL_VIOLATION} (a malformed reply, or a protocol or version init
     * does not accept), {@code REQUEST_REFUSED} (a request the platform cannot carry, such as one
     * over its size limit), {@code CANCELLED}, {@code INTERNAL} (a failure inside the component).
     */
    REASON("reason");

    private final String name;

    Key(String name) {
      this.name = name;
    }

    @Override
    public String asString() {
      return name;
    }
  }
}
