package dev.daprcompute.testkit;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The fault soak: many topic events through a provider's component to a counting {@link
 * ReferenceFunction} behind the provider's {@link PlatformFake}, which fails about one call in ten
 * at random, in every way a platform or a front end can (its 404, 429, 500, 502, 503 with {@code
 * Retry-After} 1 and 0, 504 and 524, every redirect status, cold starts, answers past the HTTP
 * client's own read timeout and past the component's deadline, connections reset before and inside
 * an answer, answers cut short, malformed and unmarked answers, failures after the function ran,
 * replies the function writes wrong). A ledger per delivery then proves protocol.md section 4,
 * "nothing lost":
 *
 * <ul>
 *   <li>SUCCESS only when the handler ran and said SUCCESS; DROP only when it ran and said DROP;
 *       every other outcome RETRY (a platform's failure is RETRY, whatever the handler said);
 *   <li>the handler never ran twice for one delivery, and the platform never received one twice
 *       (every delivery carries a unique CloudEvent id);
 *   <li>a delivery without a fault gets the handler's answer, unless it ran out its deadline;
 *   <li>RETRY carries the platform's {@code Retry-After};
 *   <li>nothing unaccounted for: every delivery completed, within its deadline (plus a grace for a
 *       loaded machine); no redirect was followed;
 *   <li>the heap, measured after garbage collection, is back to its baseline at the end.
 * </ul>
 *
 * <p>Every provider, present and future, runs it with its own fake, in its own tests:
 *
 * <pre>{@code
 * FaultSoak.Report report = FaultSoak.builder(ComputeProviders.provider(new AwsLambdaPlatformProvider()),
 *     AwsLambdaFake::start).build().run();
 * System.out.println(report);
 * report.assertNothingLost();
 * }</pre>
 *
 * <p>Faults are drawn per delivery from a seed (printed first, and in the report), so a failure
 * replays exactly with {@code -D}{@value #SEED_PROPERTY}{@code =<seed>}; the number of events is
 * {@value #DEFAULT_EVENTS} unless {@code -D}{@value #EVENTS_PROPERTY}{@code =100000} asks for more.
 * The handler answers 80% SUCCESS, 10% RETRY, 10% DROP. Components are created with a careless
 * runtime's shared HTTP client (redirects and connection retries on, 300 ms timeouts of OkHttp's
 * own), which the component's rules must override.
 *
 * <p>A soak is used once, from one thread; {@link #run()} blocks, for at most its {@linkplain
 * Builder#maxDuration maximum duration} plus one deadline.
 */
public final class FaultSoak {
  /** The system property with the number of events; {@value #DEFAULT_EVENTS} when unset. */
  public static final String EVENTS_PROPERTY = "dapr.compute.soak.events";

  /** The system property with the seed to replay; a new one each run when unset. */
  public static final String SEED_PROPERTY = "dapr.compute.soak.seed";

  /**
   * Events per soak unless {@value #EVENTS_PROPERTY} says otherwise: enough for about 30 of each
   * fault.
   */
  public static final int DEFAULT_EVENTS = 10_000;

  /** Every delivery's CloudEvent id is this and its number; the fake finds it in any envelope. */
  private static final String ID_PREFIX = "dapr-compute-soak-";

  private static final byte[] ID_BYTES = ID_PREFIX.getBytes(StandardCharsets.US_ASCII);
  private static final TopicEventStatus[] STATUSES = TopicEventStatus.values();

  /** Violations listed in full; the rest are counted. */
  private static final int LISTED = 25;

  private final ComputeProvider provider;
  private final Function<ReferenceFunction, PlatformFake> fakes;
  private final int events;
  private final int inFlight;
  private final double faultRate;
  private final long seed;
  private final Duration timeout;
  private final Duration slowAnswer;
  private final Duration grace;
  private final long heapTolerance;
  private final Duration maxDuration;
  private final Consumer<ComponentMetadata.Builder> customize;

  private FaultSoak(Builder b) {
    this.provider = b.provider;
    this.fakes = b.fakes;
    this.events = b.events;
    this.inFlight = b.inFlight;
    this.faultRate = b.faultRate;
    this.seed = b.seed;
    this.timeout = b.timeout;
    this.slowAnswer = b.slowAnswer;
    this.grace = b.grace;
    this.heapTolerance = b.heapTolerance;
    this.maxDuration =
        b.maxDuration != null ? b.maxDuration : Duration.ofSeconds(60).plusMillis(5L * b.events);
    this.customize = b.customize;
  }

  /**
   * A soak of {@code provider}'s components, each through the fake {@code fakes} starts in front of
   * a function (such as {@code AwsLambdaFake::start}).
   */
  public static Builder builder(
      ComputeProvider provider, Function<ReferenceFunction, PlatformFake> fakes) {
    return new Builder(provider, fakes);
  }

  /** Settings of a soak; the defaults are what the project's own soaks use. Not thread-safe. */
  public static final class Builder {
    private final ComputeProvider provider;
    private final Function<ReferenceFunction, PlatformFake> fakes;
    private int events = Integer.getInteger(EVENTS_PROPERTY, DEFAULT_EVENTS);
    private int inFlight = 64;
    private double faultRate = 0.10;
    private long seed = Long.getLong(SEED_PROPERTY, new SplittableRandom().nextLong());
    private Duration timeout = Duration.ofSeconds(3);
    private Duration slowAnswer = Duration.ofSeconds(1);
    private Duration grace = Duration.ofSeconds(5);
    private long heapTolerance = 8L << 20;
    private @Nullable Duration maxDuration;
    private Consumer<ComponentMetadata.Builder> customize = metadata -> {};

    private Builder(ComputeProvider provider, Function<ReferenceFunction, PlatformFake> fakes) {
      this.provider = Objects.requireNonNull(provider, "provider == null");
      this.fakes = Objects.requireNonNull(fakes, "fakes == null");
    }

    /**
     * How many events (one delivery each); default {@value FaultSoak#DEFAULT_EVENTS} or {@value
     * FaultSoak#EVENTS_PROPERTY}.
     */
    public Builder events(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("events must be at least 1, was " + events);
      }
      this.events = events;
      return this;
    }

    /** Deliveries in flight at once (and the component's {@code maxConcurrency}); default 64. */
    public Builder inFlight(int inFlight) {
      if (inFlight < 1) {
        throw new IllegalArgumentException("inFlight must be at least 1, was " + inFlight);
      }
      this.inFlight = inFlight;
      return this;
    }

    /** The share of deliveries that meet a fault, from 0 to 1; default 0.10. */
    public Builder faultRate(double faultRate) {
      if (!(faultRate >= 0 && faultRate <= 1)) {
        throw new IllegalArgumentException("faultRate must be between 0 and 1, was " + faultRate);
      }
      this.faultRate = faultRate;
      return this;
    }

    /**
     * The seed faults and answers are drawn from; default {@value FaultSoak#SEED_PROPERTY} or a new
     * one.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The component's {@code timeout} (default 3 s) and how late slow answers come (default 1 s):
     * past the careless client's own 300 ms, inside the component's deadline.
     */
    public Builder timeouts(Duration timeout, Duration slowAnswer) {
      if (timeout.isNegative()
          || timeout.isZero()
          || slowAnswer.isNegative()
          || slowAnswer.compareTo(timeout) >= 0) {
        throw new IllegalArgumentException(
            "slow answers (" + slowAnswer + ") must come inside the timeout (" + timeout + ")");
      }
      this.timeout = timeout;
      this.slowAnswer = slowAnswer;
      return this;
    }

    /**
     * How much later than its deadline a delivery may complete (the timer's thread waiting for a
     * core on a loaded machine); default 5 s: the soak checks that nothing hangs, not how fast the
     * timer is.
     */
    public Builder deadlineGrace(Duration grace) {
      this.grace = Objects.requireNonNull(grace, "grace == null");
      return this;
    }

    /**
     * How far above its baseline the heap may end, in bytes; default 8 MiB. The baseline is taken
     * after the first tenth of the deliveries, at full concurrency and with the same faults, so the
     * pools of threads, connections and buffers are already at their working size; what remains is
     * their noise (under 2 MiB in the project's runs, see docs/reliability.md), while a leak grows
     * with the count: 8 MiB is about 930 bytes per delivery at 10,000 events, and a fake that
     * records its calls keeps about 26 KiB per delivery.
     */
    public Builder heapTolerance(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("heapTolerance must be 0 or more, was " + bytes);
      }
      this.heapTolerance = bytes;
      return this;
    }

    /** The longest the soak may run before it stops and fails; default 60 s plus 5 ms per event. */
    public Builder maxDuration(Duration maxDuration) {
      this.maxDuration = Objects.requireNonNull(maxDuration, "maxDuration == null");
      return this;
    }

    /** Changes the component's metadata (after the fake's own and the soak's timeout). */
    public Builder component(Consumer<ComponentMetadata.Builder> customize) {
      this.customize = Objects.requireNonNull(customize, "customize == null");
      return this;
    }

    public FaultSoak build() {
      return new FaultSoak(this);
    }
  }

  // ==================================================================================== causes

  /** What the handler does with a delivery that reaches it, and what the outcome must be. */
  private enum Expect {
    /** The function's answer arrives: the outcome is the handler's (or RETRY past the deadline). */
    ANSWER(true),
    /** The handler runs, and its answer is lost or unreadable: RETRY. */
    LOST_ANSWER(true),
    /** The handler never runs: RETRY. */
    NO_HANDLER(false);

    final boolean handlerRuns;

    Expect(boolean handlerRuns) {
      this.handlerRuns = handlerRuns;
    }
  }

  /**
   * Why a delivery ends as it does: a platform fault, a reply the function writes itself ({@code
   * raw:} data), or nothing (the handler's answer).
   */
  private record Cause(
      String name,
      @Nullable PlatformFault fault,
      @Nullable String rawData,
      Expect expect,
      @Nullable Duration retryAfter) {

    /** A fault; a slow answer arrives if it comes before {@code deadline}. */
    static Cause fault(String name, PlatformFault fault, Duration deadline) {
      Expect expect =
          fault instanceof PlatformFault.SlowAnswer s
              ? s.delay().compareTo(deadline) < 0 ? Expect.ANSWER : Expect.LOST_ANSWER
              : fault instanceof PlatformFault.AfterTheFunction
                      || fault instanceof PlatformFault.TruncatedAnswer
                  ? Expect.LOST_ANSWER
                  : Expect.NO_HANDLER;
      PlatformFault platform =
          fault instanceof PlatformFault.AfterTheFunction a ? a.fault() : fault;
      Duration retryAfter =
          platform instanceof PlatformFault.Throttled t
              ? t.retryAfter()
              : platform instanceof PlatformFault.Unavailable u ? u.retryAfter() : null;
      return new Cause(name, fault, null, expect, retryAfter);
    }

    static Cause reply(String name, String rawData) {
      return new Cause(name, null, rawData, Expect.NO_HANDLER, null);
    }
  }

  private Cause fault(String name, PlatformFault fault) {
    return Cause.fault(name, fault, timeout);
  }

  /** The menu of faults, each equally likely once a delivery is to meet one. */
  private List<Cause> faultMenu(String elsewhere) {
    List<Cause> menu = new ArrayList<>();
    menu.add(fault("platform 404", PlatformFault.notFound()));
    menu.add(fault("platform 429, Retry-After 1", PlatformFault.throttled(Duration.ofSeconds(1))));
    menu.add(fault("platform 500", PlatformFault.serverError()));
    menu.add(
        fault(
            "platform 502",
            PlatformFault.unmarkedAnswer(
                502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>")));
    menu.add(
        fault("platform 503, Retry-After 1", PlatformFault.unavailable(Duration.ofSeconds(1))));
    menu.add(fault("platform 503, Retry-After 0", PlatformFault.unavailable(Duration.ZERO)));
    menu.add(fault("platform 504", PlatformFault.gatewayTimeout()));
    menu.add(
        fault(
            "platform 524",
            PlatformFault.unmarkedAnswer(
                524, "text/html", "<html><body>Error 524: A timeout occurred</body></html>")));
    for (int status : List.of(301, 302, 303, 307, 308)) {
      menu.add(fault("redirect " + status, PlatformFault.redirect(status, elsewhere + "/orders")));
    }
    menu.add(
        fault(
            "cold start 250 ms, then the platform's failure",
            PlatformFault.coldStart(Duration.ofMillis(250))));
    menu.add(
        fault(
            "answer " + slowAnswer.toMillis() + " ms late (past the client's own timeout)",
            PlatformFault.slowAnswer(slowAnswer)));
    Duration tooLate = timeout.plusMillis(500);
    menu.add(
        fault(
            "answer " + tooLate.toMillis() + " ms late (past the deadline)",
            PlatformFault.slowAnswer(tooLate)));
    menu.add(fault("connection reset before the answer", PlatformFault.connectionReset()));
    menu.add(fault("connection closed without an answer", PlatformFault.emptyResponse()));
    menu.add(fault("connection broken inside the platform's body", PlatformFault.brokenResponse()));
    menu.add(fault("function's answer cut to 0 bytes", PlatformFault.truncatedAnswer(0)));
    menu.add(fault("function's answer cut to 8 bytes", PlatformFault.truncatedAnswer(8)));
    menu.add(fault("platform's malformed 200", PlatformFault.malformedBody()));
    menu.add(
        fault(
            "unmarked 200 {\"status\":\"SUCCESS\"}",
            PlatformFault.unmarkedAnswer(200, "application/json", "{\"status\":\"SUCCESS\"}")));
    menu.add(
        fault(
            "unmarked 404 {\"status\":\"DROP\"}",
            PlatformFault.unmarkedAnswer(404, "application/json", "{\"status\":\"DROP\"}")));
    menu.add(fault("unmarked 204, no body", PlatformFault.unmarkedAnswer(204, "", "")));
    menu.add(
        fault(
            "function ran, then platform 500",
            PlatformFault.afterTheFunction(PlatformFault.serverError())));
    menu.add(
        fault(
            "function ran, then 503 Retry-After 0",
            PlatformFault.afterTheFunction(PlatformFault.unavailable(Duration.ZERO))));
    menu.add(
        fault(
            "function ran, then connection reset",
            PlatformFault.afterTheFunction(PlatformFault.connectionReset())));
    menu.add(
        fault(
            "function ran, then unmarked SUCCESS",
            PlatformFault.afterTheFunction(
                PlatformFault.unmarkedAnswer(
                    200, "application/json", "{\"status\":\"SUCCESS\"}"))));
    menu.add(
        fault(
            "function ran, then redirect 307",
            PlatformFault.afterTheFunction(PlatformFault.redirect(307, elsewhere + "/orders"))));
    // Replies the function writes wrong, which daprd reads as RETRY (a 2xx body it cannot read at
    // all is SUCCESS to daprd, so those are not faults here).
    menu.add(Cause.reply("function's JSON cut short, naming DROP", "raw:{\"status\":\"DROP"));
    menu.add(Cause.reply("function's \"drop\" in lower case", "raw:{\"status\":\"drop\"}"));
    menu.add(
        Cause.reply(
            "function's RETRY, then trailing data",
            "raw:{\"status\":\"RETRY\"} {\"status\":\"DROP\"}"));
    return List.copyOf(menu);
  }

  // ==================================================================================== the run

  /**
   * Runs the soak and returns its report; never throws for what the ledger finds (see {@link
   * Report#assertNothingLost()}).
   *
   * @throws UncheckedIOException when the redirect target cannot start
   * @throws dev.daprcompute.api.ComputeException when the component's init fails (before any fault)
   */
  public Report run() {
    System.out.printf(
        Locale.ROOT,
        "fault soak of %s: %,d events, %d in flight, seed %d (replay with -D%s=%d)%n",
        provider.type(),
        events,
        inFlight,
        seed,
        SEED_PROPERTY,
        seed);
    try (CountingServer elsewhere = CountingServer.start()) {
      List<Cause> causes = new ArrayList<>();
      for (TopicEventStatus status : STATUSES) {
        causes.add(
            new Cause("none: the handler answers " + status, null, null, Expect.ANSWER, null));
      }
      causes.addAll(faultMenu(elsewhere.url()));
      Ledger ledger = new Ledger(events, plan(causes));
      ReferenceFunction function = ReferenceFunction.createUnrecorded("fault-soak-fn");
      try (PlatformFake fake = fakes.apply(function)) {
        Compute compute =
            provider.create(
                new ComputeContext(CarelessClient.INSTANCE, Clock.systemUTC(), "fault-soak"));
        try {
          ComponentMetadata.Builder metadata =
              fake.component("fault-soak")
                  .initTimeout(Duration.ofSeconds(30))
                  .put("timeout", timeout.toMillis() + "ms")
                  .put("maxConcurrency", Integer.toString(inFlight));
          customize.accept(metadata);
          compute.init(metadata.build());
          function.onTopicHandled(ledger::handled);
          fake.failWhen(call -> ledger.atPlatform(call.body(), causes));
          return drive(compute, causes, ledger, elsewhere, fake.recording());
        } finally {
          compute.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the fault soak's redirect target did not start", e);
    }
  }

  /**
   * Each delivery's cause (index into {@code causes}) and planned handler answer, from the seed.
   */
  private byte[][] plan(List<Cause> causes) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] cause = new byte[events];
    byte[] answer = new byte[events];
    int faults = causes.size() - STATUSES.length;
    for (int n = 0; n < events; n++) {
      int roll = random.nextInt(100);
      answer[n] = (byte) (roll < 80 ? 0 : roll < 90 ? 1 : 2); // SUCCESS, RETRY, DROP
      cause[n] =
          (byte)
              (random.nextDouble() < faultRate
                  ? STATUSES.length + random.nextInt(faults)
                  : answer[n]);
    }
    return new byte[][] {cause, answer};
  }

  private Report drive(
      Compute compute,
      List<Cause> causes,
      Ledger ledger,
      CountingServer elsewhere,
      boolean fakeRecords) {
    Semaphore slots = new Semaphore(inFlight);
    long stuckAfter = timeout.plus(grace).toNanos();
    long start = System.nanoTime();
    long stopAt = start + maxDuration.toNanos();
    int warmUp = Math.max(1, events / 10);
    long baseline = -1;
    String stopped = null;
    int sent = 0;
    try {
      while (sent < events) {
        if (sent == warmUp) {
          if (!slots.tryAcquire(inFlight, stuckAfter, TimeUnit.NANOSECONDS)) {
            stopped = "deliveries still in flight " + millis(stuckAfter) + " ms after the warm-up";
            break;
          }
          baseline = usedHeapAfterGc();
          slots.release(inFlight);
        }
        if (System.nanoTime() > stopAt) {
          stopped =
              "the soak ran past its maximum duration of "
                  + maxDuration.toSeconds()
                  + " s after "
                  + sent
                  + " deliveries";
          break;
        }
        if (!slots.tryAcquire(stuckAfter, TimeUnit.NANOSECONDS)) {
          stopped =
              "no delivery completed for " + millis(stuckAfter) + " ms (its timeout and grace)";
          break;
        }
        deliver(compute, causes, ledger, slots, sent);
        sent++;
      }
      if (!slots.tryAcquire(inFlight, stuckAfter, TimeUnit.NANOSECONDS)) {
        stopped =
            (stopped == null ? "" : stopped + "; ")
                + "deliveries were still in flight "
                + millis(stuckAfter)
                + " ms after the last was sent";
      } else {
        slots.release(inFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = "interrupted after " + sent + " deliveries";
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long after = usedHeapAfterGc();
    return ledger.report(
        this, causes, sent, elapsed, stopped, baseline, after, elsewhere.requests(), fakeRecords);
  }

  private void deliver(Compute compute, List<Cause> causes, Ledger ledger, Semaphore slots, int n) {
    Cause cause = causes.get(ledger.cause[n]);
    String data = cause.rawData() != null ? cause.rawData() : STATUSES[ledger.answer[n]].name();
    TopicEventRequest event =
        TopicEventRequest.of(ID_PREFIX + n, "pubsub", "orders", Payload.ofUtf8(data), "text/plain");
    long asked = System.nanoTime();
    CompletableFuture<TopicEventResponse> outcome;
    try {
      outcome = compute.onTopicEvent(event);
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    // Its own stage is not watched: the ledger records the outcome, and the slot is released
    // whatever happens.
    CompletableFuture<?> unused =
        outcome.whenComplete(
            (response, failure) -> {
              try {
                ledger.completed(n, response, failure, System.nanoTime() - asked);
              } finally {
                slots.release();
              }
            });
  }

  /**
   * {@code status} as a number from 1, its index in {@link #STATUSES} + 1: the ledger keeps one
   * byte per delivery, and the numbers never outlive the run.
   */
  @SuppressWarnings("EnumOrdinal") // the index into STATUSES (values()), by definition
  private static int code(TopicEventStatus status) {
    return status.ordinal() + 1;
  }

  /**
   * The heap in use after full collections; the least of three, since a collection may leave some
   * for the next.
   */
  private static long usedHeapAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** The delivery a request to the platform carries (its CloudEvent id, in any envelope), or -1. */
  static int deliveryIn(byte[] body) {
    outer:
    for (int i = 0; i + ID_BYTES.length < body.length; i++) {
      for (int j = 0; j < ID_BYTES.length; j++) {
        if (body[i + j] != ID_BYTES[j]) {
          continue outer;
        }
      }
      return digits(body, i + ID_BYTES.length);
    }
    return -1;
  }

  private static int digits(byte[] text, int from) {
    long n = 0;
    int i = from;
    while (i < text.length && text[i] >= '0' && text[i] <= '9' && n <= Integer.MAX_VALUE) {
      n = n * 10 + (text[i++] - '0');
    }
    return i == from || n > Integer.MAX_VALUE ? -1 : (int) n;
  }

  /** The delivery an event id names, or -1. */
  static int deliveryOf(String eventId) {
    return eventId.startsWith(ID_PREFIX)
        ? digits(eventId.getBytes(StandardCharsets.US_ASCII), ID_PREFIX.length())
        : -1;
  }

  // ==================================================================================== the ledger

  /**
   * One entry per delivery, in arrays (a soak of 100,000 events keeps about 2 MB): the plan, what
   * the platform and the handler saw, and the outcome. Written by the server's and the component's
   * threads; read after every delivery completed (the semaphore orders them).
   */
  private static final class Ledger {
    private static final byte PENDING = 0;
    private static final byte FAILED = 4;

    final byte[] cause;
    final byte[] answer;
    final AtomicIntegerArray platformCalls;
    final AtomicIntegerArray handlerRuns;

    /** The handler's answer, as its status's {@link FaultSoak#code}; 0 when it did not run. */
    final AtomicIntegerArray handlerSaid;

    /** The outcome's status's {@link FaultSoak#code}, {@link #FAILED}, or {@link #PENDING}. */
    final byte[] outcome;

    final int[] tookMillis;

    /** The outcome's Retry-After in milliseconds; -1 for none. */
    final long[] retryAfterMillis;

    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger strangers = new AtomicInteger();

    Ledger(int events, byte[][] plan) {
      this.cause = plan[0];
      this.answer = plan[1];
      this.platformCalls = new AtomicIntegerArray(events);
      this.handlerRuns = new AtomicIntegerArray(events);
      this.handlerSaid = new AtomicIntegerArray(events);
      this.outcome = new byte[events];
      this.tookMillis = new int[events];
      this.retryAfterMillis = new long[events];
    }

    /**
     * The fault for a call to the platform: its delivery's, the first time it arrives; else none.
     */
    @Nullable PlatformFault atPlatform(Payload body, List<Cause> causes) {
      int n = deliveryIn(body.unsafeArray());
      if (n < 0 || n >= cause.length) {
        return null;
      }
      return platformCalls.incrementAndGet(n) == 1 ? causes.get(cause[n]).fault() : null;
    }

    void handled(TopicEventRequest event, TopicEventStatus said) {
      int n = deliveryOf(event.id());
      if (n < 0 || n >= cause.length) {
        strangers.incrementAndGet();
        return;
      }
      handlerRuns.incrementAndGet(n);
      handlerSaid.set(n, code(said));
    }

    void completed(
        int n, @Nullable TopicEventResponse response, @Nullable Throwable failure, long tookNanos) {
      tookMillis[n] = (int) Math.min(Integer.MAX_VALUE, millis(tookNanos));
      if (response == null) {
        outcome[n] = FAILED;
        if (failures.size() < LISTED) {
          failures.add(ID_PREFIX + n + ": " + failure);
        }
        return;
      }
      retryAfterMillis[n] = response.retryAfterDuration().map(Duration::toMillis).orElse(-1L);
      outcome[n] = (byte) code(response.status());
    }

    Report report(
        FaultSoak soak,
        List<Cause> causes,
        int sent,
        Duration elapsed,
        @Nullable String stopped,
        long baseline,
        long after,
        int redirectsFollowed,
        boolean fakeRecords) {
      long[][] counts =
          new long[causes.size()]
              [STATUSES.length + 2]; // deliveries, handler ran, SUCCESS, RETRY, DROP
      List<String> violations = new ArrayList<>();
      int[] violationCount = {0};
      Consumer<String> violation =
          text -> {
            if (violationCount[0]++ < LISTED) {
              violations.add(text);
            }
          };
      long deadline = soak.timeout.toMillis();
      long latest = deadline + soak.grace.toMillis();
      int slowest = 0;
      int invisible = 0;
      for (int n = 0; n < sent; n++) {
        Cause c = causes.get(cause[n]);
        int runs = handlerRuns.get(n);
        int said = handlerSaid.get(n);
        int calls = platformCalls.get(n);
        byte out = outcome[n];
        int took = tookMillis[n];
        slowest = Math.max(slowest, took);
        long[] row = counts[cause[n]];
        row[0]++;
        row[1] += runs > 0 ? 1 : 0;
        String who =
            ID_PREFIX
                + n
                + " ("
                + c.name()
                + ", handler "
                + (said == 0 ? "did not run" : "said " + STATUSES[said - 1])
                + ")";
        if (out == PENDING) {
          violation.accept(who + " never completed");
          continue;
        }
        if (out == FAILED) {
          violation.accept(who + " failed instead of being answered (see the failures)");
          continue;
        }
        TopicEventStatus status = STATUSES[out - 1];
        row[1 + out]++;
        boolean ranOutItsDeadline = took >= deadline;
        if (runs > 1) {
          violation.accept(who + ": the handler ran " + runs + " times");
        }
        if (calls > 1) {
          violation.accept(
              who + ": the platform received it " + calls + " times (a POST sent again)");
        }
        if (runs > 0 && calls == 0) {
          invisible++;
        }
        if (status == TopicEventStatus.SUCCESS && said != code(TopicEventStatus.SUCCESS)) {
          violation.accept(who + " ended SUCCESS, but the handler did not say SUCCESS");
        }
        if (status == TopicEventStatus.DROP && said != code(TopicEventStatus.DROP)) {
          violation.accept(who + " ended DROP, but the handler did not say DROP");
        }
        if (took > latest) {
          violation.accept(
              who
                  + " completed after "
                  + took
                  + " ms, past its deadline of "
                  + deadline
                  + " ms and the grace");
        }
        if (c.expect() == Expect.ANSWER) {
          if (said == 0 && !ranOutItsDeadline) {
            violation.accept(
                who + " ended " + status + " after " + took + " ms without reaching the handler");
          } else if (said != 0 && code(status) != said && !ranOutItsDeadline) {
            violation.accept(
                who
                    + " ended "
                    + status
                    + " after "
                    + took
                    + " ms instead of with the handler's answer");
          }
        } else if (status != TopicEventStatus.RETRY) {
          violation.accept(
              who
                  + " ended "
                  + status
                  + ": the function's answer never arrived, so it must be RETRY");
        }
        if (!c.expect().handlerRuns && runs > 0) {
          violation.accept(
              who
                  + ": the handler ran, though the platform failed before the function (sent again?)");
        }
        if (c.retryAfter() != null
            && status == TopicEventStatus.RETRY
            && !ranOutItsDeadline
            && retryAfterMillis[n] != c.retryAfter().toMillis()) {
          violation.accept(
              who
                  + " ended RETRY with Retry-After "
                  + (retryAfterMillis[n] < 0 ? "none" : retryAfterMillis[n] + " ms")
                  + ", not the platform's "
                  + c.retryAfter().toMillis()
                  + " ms");
        }
      }
      List<String> global = new ArrayList<>();
      if (stopped != null) {
        global.add("the soak stopped early: " + stopped);
      }
      if (sent < soak.events) {
        global.add("only " + sent + " of " + soak.events + " deliveries were sent");
      }
      if (redirectsFollowed > 0) {
        global.add(
            "a redirect was followed: its target received " + redirectsFollowed + " request(s)");
      }
      if (invisible > 0) {
        global.add(
            invisible
                + " deliveries reached the handler, but the soak found no delivery id in their requests to "
                + "the platform, so no fault could be drawn for them: the fake's envelope hides the CloudEvent id");
      }
      if (strangers.get() > 0) {
        global.add(
            "the handler ran " + strangers.get() + " time(s) for events that are not the soak's");
      }
      if (fakeRecords) {
        global.add(
            "the fake records every call (it must not, in front of an unrecorded function): memory grows with the soak");
      }
      if (!failures.isEmpty()) {
        global.add("futures that failed: " + String.join("; ", failures));
      }
      long expectedPerFault = (long) (sent * soak.faultRate / (causes.size() - STATUSES.length));
      for (int i = STATUSES.length; i < causes.size() && expectedPerFault >= 10; i++) {
        if (counts[i][0] == 0) {
          global.add("fault '" + causes.get(i).name() + "' was never drawn");
        }
      }
      if (baseline >= 0 && after - baseline > soak.heapTolerance) {
        global.add(
            "the heap ended "
                + mib(after - baseline)
                + " above its baseline of "
                + mib(baseline)
                + " (tolerance "
                + mib(soak.heapTolerance)
                + "): something keeps what deliveries leave behind");
      }
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < causes.size(); i++) {
        rows.add(causes.get(i).name());
      }
      return new Report(
          soak.provider.type(),
          soak.seed,
          soak.events,
          sent,
          soak.inFlight,
          soak.faultRate,
          elapsed,
          rows,
          counts,
          slowest,
          deadline,
          baseline,
          after,
          global,
          violations,
          violationCount[0]);
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  // ==================================================================================== the report

  /**
   * What a soak found: the counts (outcome by cause), its figures, and every violation of the
   * ledger's rules. {@link #toString()} prints it all, the seed first. Immutable.
   */
  public static final class Report {
    private final String componentType;
    private final long seed;
    private final int events;
    private final int delivered;
    private final int inFlight;
    private final double faultRate;
    private final Duration elapsed;
    private final List<String> causes;
    private final long[][] counts;
    private final int slowestMillis;
    private final long deadlineMillis;
    private final long heapBaseline;
    private final long heapAfter;
    private final List<String> problems;
    private final List<String> violations;
    private final int violationCount;

    private Report(
        String componentType,
        long seed,
        int events,
        int delivered,
        int inFlight,
        double faultRate,
        Duration elapsed,
        List<String> causes,
        long[][] counts,
        int slowestMillis,
        long deadlineMillis,
        long heapBaseline,
        long heapAfter,
        List<String> problems,
        List<String> violations,
        int violationCount) {
      this.componentType = componentType;
      this.seed = seed;
      this.events = events;
      this.delivered = delivered;
      this.inFlight = inFlight;
      this.faultRate = faultRate;
      this.elapsed = elapsed;
      this.causes = List.copyOf(causes);
      this.counts = counts;
      this.slowestMillis = slowestMillis;
      this.deadlineMillis = deadlineMillis;
      this.heapBaseline = heapBaseline;
      this.heapAfter = heapAfter;
      this.problems = List.copyOf(problems);
      this.violations = List.copyOf(violations);
      this.violationCount = violationCount;
    }

    /** The seed: {@code -D}{@value FaultSoak#SEED_PROPERTY}{@code =<seed>} replays the soak. */
    public long seed() {
      return seed;
    }

    /** How many deliveries were sent (every event is delivered once). */
    public int delivered() {
      return delivered;
    }

    /** How many deliveries ended with {@code status}. */
    public long count(TopicEventStatus status) {
      long total = 0;
      for (long[] row : counts) {
        total += row[1 + code(status)];
      }
      return total;
    }

    /** How many deliveries met a fault of the platform, or a reply the function wrote wrong. */
    public long faulted() {
      long total = 0;
      for (int i = STATUSES.length; i < counts.length; i++) {
        total += counts[i][0];
      }
      return total;
    }

    /**
     * How much more heap was in use at the end than after the warm-up, both measured after full
     * collections, in bytes (negative when less); -1 when the soak stopped before the warm-up
     * ended.
     */
    public long heapGrowth() {
      return heapBaseline < 0 ? -1 : heapAfter - heapBaseline;
    }

    /** Every broken rule: delivery by delivery (the first 25), then for the soak as a whole. */
    public List<String> violations() {
      List<String> all = new ArrayList<>(violations);
      if (violationCount > violations.size()) {
        all.add("... and " + (violationCount - violations.size()) + " more");
      }
      all.addAll(problems);
      return List.copyOf(all);
    }

    /** Whether every rule held. */
    public boolean nothingLost() {
      return violationCount == 0 && problems.isEmpty();
    }

    /**
     * Fails unless {@link #nothingLost()}.
     *
     * @throws AssertionError naming every broken rule, with the seed and the table, unless {@link
     *     #nothingLost()}
     */
    public void assertNothingLost() {
      if (!nothingLost()) {
        throw new AssertionError(
            "the fault soak found lost or repeated work:\n  "
                + String.join("\n  ", violations())
                + "\n\n"
                + this);
      }
    }

    /**
     * The counts as a Markdown table: one row per cause, the deliveries, how many reached the
     * handler, and each outcome.
     */
    public String table() {
      StringBuilder table = new StringBuilder();
      table.append("| cause | deliveries | handler ran | SUCCESS | RETRY | DROP |\n");
      table.append("|---|---:|---:|---:|---:|---:|\n");
      long[] total = new long[5];
      for (int i = 0; i < causes.size(); i++) {
        long[] row = counts[i];
        table.append("| ").append(causes.get(i).replace("|", "\\|"));
        for (int j = 0; j < 5; j++) {
          table.append(" | ").append(String.format(Locale.ROOT, "%,d", row[j]));
          total[j] += row[j];
        }
        table.append(" |\n");
      }
      table.append("| **total**");
      for (long value : total) {
        table.append(" | **").append(String.format(Locale.ROOT, "%,d", value)).append("**");
      }
      return table.append(" |\n").toString();
    }

    @Override
    public String toString() {
      double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
      return String.format(
          Locale.ROOT,
          "fault soak of %s, seed %d: %,d of %,d events delivered, %d in flight, %.0f%% "
              + "faults (%,d), in %.1f s (%,.0f deliveries/s); slowest delivery %,d ms (deadline %,d ms); heap after GC %s "
              + "after the warm-up, %s at the end; %s%n%n%s",
          componentType,
          seed,
          delivered,
          events,
          inFlight,
          faultRate * 100,
          faulted(),
          seconds,
          delivered / seconds,
          slowestMillis,
          deadlineMillis,
          heapBaseline < 0 ? "not measured" : mib(heapBaseline),
          mib(heapAfter),
          nothingLost() ? "nothing lost" : violationCount + problems.size() + " violation(s)",
          table());
    }
  }
}
