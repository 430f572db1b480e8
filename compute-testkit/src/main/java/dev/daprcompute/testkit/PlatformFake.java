package dev.daprcompute.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A platform in front of a {@link ReferenceFunction}, served by WireMock on a free loopback port:
 * it behaves as the real platform does (its URLs, credentials, envelopes and error shapes) and can
 * be told to fail in its own words ({@link #failNext}). Every call is recorded, unless the function
 * records nothing ({@link ReferenceFunction#createUnrecorded}): then neither does the fake (no
 * {@link #recordedCalls()}, no WireMock request journal), so that a soak of any length runs in
 * constant memory.
 *
 * <p>Subclasses implement {@link #serve} (the platform's normal behaviour) and may refine {@link
 * #answerFault} (how the platform writes each {@link PlatformFault}). Thread-safe; close it to stop
 * the server.
 */
public abstract class PlatformFake implements AutoCloseable {
  private final ReferenceFunction function;
  private final WireMockServer server;

  /**
   * WireMock's request threads: a runtime's calls in flight (64 by default) each hold one, slow
   * answers and cold starts included, and Jetty keeps a few for itself. WireMock's default (25)
   * would queue calls inside the server, where a test cannot see them.
   */
  private static final int CONTAINER_THREADS = 100;

  private final ConcurrentLinkedQueue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
  private final boolean recording;
  private final Deque<PlatformFault> faults = new ArrayDeque<>();
  private @Nullable PlatformFault persistentFault;
  private volatile @Nullable Function<RecordedCall, @Nullable PlatformFault> faultPolicy;

  /** Starts a fake platform in front of {@code function}. */
  protected PlatformFake(ReferenceFunction function) {
    this.function = Objects.requireNonNull(function, "function == null");
    this.recording = function.recording();
    WireMockConfiguration options =
        options()
            .dynamicPort()
            .bindAddress("127.0.0.1")
            .gzipDisabled(true)
            .containerThreads(CONTAINER_THREADS)
            .notifier(new Slf4jNotifier(false))
            .extensions(new Transformer());
    if (!recording) {
      options.disableRequestJournal(); // it would keep every request and answer, bodies included
    }
    this.server = new WireMockServer(options);
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
  }

  // ------------------------------------------------------------------ for tests

  /** The function behind the platform. */
  public final ReferenceFunction function() {
    return function;
  }

  /** {@code http://127.0.0.1:<port>}: the fake's own address. */
  public final String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The port. */
  public final int port() {
    return server.port();
  }

  /** The WireMock server itself, for WireMock's own verification API. */
  public final WireMockServer wireMock() {
    return server;
  }

  /** The component type this platform is for, such as {@code compute.azure.functions}. */
  public abstract String componentType();

  /**
   * Metadata for a component of {@link #componentType()} that reaches the function through this
   * fake: endpoint, platform credentials, the key and the audience. Add or override fields to test
   * other settings.
   */
  public abstract ComponentMetadata.Builder component(String name);

  /** The header the token must arrive in at the function, in lower case. */
  public String expectedTokenHeader() {
    return "authorization";
  }

  /**
   * The next {@code times} calls to the platform fail with {@code fault}, in order after earlier
   * ones.
   */
  public final synchronized PlatformFake failNext(int times, PlatformFault fault) {
    Objects.requireNonNull(fault, "fault == null");
    for (int i = 0; i < times; i++) {
      faults.addLast(fault);
    }
    return this;
  }

  /**
   * Asks {@code policy} for each call that no {@link #failNext} fault claims: the fault to answer
   * it with, or null for the platform's normal behaviour; until {@link #reset()}. For fault soaks
   * (faults drawn at random); the policy is called from WireMock's threads.
   */
  public final synchronized PlatformFake failWhen(
      Function<RecordedCall, @Nullable PlatformFault> policy) {
    faultPolicy = Objects.requireNonNull(policy, "policy == null");
    return this;
  }

  /** Every call fails with {@code fault} until {@link #reset()}. */
  public final synchronized PlatformFake failAlways(PlatformFault fault) {
    persistentFault = Objects.requireNonNull(fault, "fault == null");
    return this;
  }

  /** Clears faults, recorded calls and the function's records and announcements. */
  public synchronized void reset() {
    faults.clear();
    persistentFault = null;
    faultPolicy = null;
    calls.clear();
    function.reset();
  }

  /**
   * Every call received since the last {@link #reset()}, oldest first; always empty when the fake
   * does not record ({@link #recording()}).
   */
  public final List<RecordedCall> recordedCalls() {
    return List.copyOf(calls);
  }

  /**
   * Whether the fake records calls ({@link #recordedCalls()}) and keeps WireMock's request journal:
   * as its function does ({@link ReferenceFunction#recording()}), decided when it starts.
   */
  public final boolean recording() {
    return recording;
  }

  @Override
  public void close() {
    server.stop();
  }

  // ------------------------------------------------------------------ for subclasses

  /**
   * What the platform answers: a status, headers and a body, after an optional delay; or a reset;
   * or a broken connection of WireMock's kind ({@code wireFault}).
   */
  protected record Answer(
      int status,
      Metadata headers,
      Payload body,
      Duration delay,
      boolean reset,
      @Nullable Fault wireFault) {
    public Answer {
      Objects.requireNonNull(headers, "headers == null");
      Objects.requireNonNull(body, "body == null");
      Objects.requireNonNull(delay, "delay == null");
    }

    /** An answer, or a reset. */
    public Answer(int status, Metadata headers, Payload body, Duration delay, boolean reset) {
      this(status, headers, body, delay, reset, null);
    }

    /** An answer without delay. */
    public static Answer of(int status, Metadata headers, Payload body) {
      return new Answer(status, headers, body, Duration.ZERO, false);
    }

    /** A text answer. */
    public static Answer text(int status, String contentType, String body) {
      return of(
          status,
          contentType.isEmpty() ? Metadata.empty() : Metadata.of("content-type", contentType),
          Payload.ofUtf8(body));
    }

    /** An empty answer. */
    public static Answer empty(int status) {
      return of(status, Metadata.empty(), Payload.empty());
    }

    /** The function's answer, passed through as it is. */
    public static Answer from(FunctionHttpResponse response) {
      return of(response.status(), response.headers(), response.body());
    }

    /** This answer after {@code delay}. */
    public Answer after(Duration delay) {
      return new Answer(status, headers, body, delay, reset, wireFault);
    }

    /** A connection that breaks as {@code fault} says. */
    public static Answer broken(Fault fault) {
      return new Answer(
          0,
          Metadata.empty(),
          Payload.empty(),
          Duration.ZERO,
          false,
          Objects.requireNonNull(fault));
    }

    /** A reset connection. */
    public static Answer connectionReset() {
      return new Answer(0, Metadata.empty(), Payload.empty(), Duration.ZERO, true);
    }
  }

  /**
   * The platform's normal behaviour for {@code call}: check credentials, route, call the function.
   */
  protected abstract Answer serve(RecordedCall call);

  /**
   * How the platform writes {@code fault}. The default writes what a generic HTTP gateway would;
   * platforms override it with their own shapes.
   */
  protected Answer answerFault(PlatformFault fault, RecordedCall call) {
    if (fault instanceof PlatformFault.NotFound) {
      return Answer.text(404, "text/plain", "Not Found");
    } else if (fault instanceof PlatformFault.Unauthorized) {
      return Answer.empty(401);
    } else if (fault instanceof PlatformFault.Forbidden) {
      return Answer.empty(403);
    } else if (fault instanceof PlatformFault.Throttled t) {
      return Answer.of(
          429,
          Metadata.of("retry-after", Long.toString(t.retryAfter().toSeconds())),
          Payload.empty());
    } else if (fault instanceof PlatformFault.ServerError) {
      return Answer.text(500, "text/plain", "Internal Server Error");
    } else if (fault instanceof PlatformFault.ColdStart c) {
      return Answer.text(503, "text/plain", "Service Unavailable").after(c.delay());
    } else if (fault instanceof PlatformFault.GatewayTimeout) {
      return Answer.text(504, "text/plain", "Gateway Timeout");
    } else if (fault instanceof PlatformFault.ConnectionReset) {
      return Answer.connectionReset();
    } else {
      return Answer.text(200, "text/html", "<html><body>maintenance</body></html>");
    }
  }

  /** Hands {@code request} to the function, as the platform does once it has routed it. */
  protected final FunctionHttpResponse callFunction(FunctionHttpRequest request) {
    return function.handle(request);
  }

  /**
   * {@code path} below {@code prefix}, as a function path ({@code /} when it is the prefix itself).
   */
  protected static String below(String prefix, String path) {
    String rest = path.substring(prefix.length());
    return rest.isEmpty() ? "/" : rest;
  }

  // ------------------------------------------------------------------ WireMock plumbing

  private synchronized @Nullable PlatformFault nextFault() {
    PlatformFault next = faults.pollFirst();
    return next != null ? next : persistentFault;
  }

  private ResponseDefinition respond(Request request) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    String path = q >= 0 ? url.substring(0, q) : url;
    String query = q >= 0 ? url.substring(q + 1) : "";
    Metadata.Builder headers = Metadata.builder();
    for (HttpHeader header : request.getHeaders().all()) {
      header.values().forEach(value -> headers.add(header.key(), value));
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
    RecordedCall call =
        new RecordedCall(
            request.getMethod().getName(), path, query, headers.build(), Payload.wrap(body), "");
    PlatformFault fault = nextFault();
    if (fault == null) {
      Function<RecordedCall, @Nullable PlatformFault> policy = faultPolicy;
      fault = policy == null ? null : policy.apply(call);
    }
    if (fault != null) {
      call =
          new RecordedCall(
              call.method(),
              call.path(),
              call.query(),
              call.headers(),
              call.body(),
              fault.getClass().getSimpleName());
    }
    if (recording) {
      // As it arrives, not once answered: a call still running when the fake is reset (a function
      // that sleeps past its caller's deadline) must not appear among the next test's calls.
      calls.add(call);
    }
    return toDefinition(fault != null ? answer(fault, call) : serveSafely(call));
  }

  private Answer serveSafely(RecordedCall call) {
    try {
      return serve(call);
    } catch (RuntimeException e) {
      return Answer.text(500, "text/plain", "fake platform failed: " + e);
    }
  }

  /**
   * How {@code fault} is answered: the faults every platform shares here, the rest by the
   * platform's own words.
   */
  private Answer answer(PlatformFault fault, RecordedCall call) {
    if (fault instanceof PlatformFault.Redirect r) {
      return Answer.of(r.status(), Metadata.of("location", r.location()), Payload.empty());
    } else if (fault instanceof PlatformFault.Unavailable u) {
      return Answer.of(
          503,
          Metadata.of(
              "retry-after",
              Long.toString(u.retryAfter().toSeconds()),
              "content-type",
              "text/plain"),
          Payload.ofUtf8("Service Unavailable"));
    } else if (fault instanceof PlatformFault.UnmarkedAnswer u) {
      return Answer.text(u.status(), u.contentType(), u.body());
    } else if (fault instanceof PlatformFault.BrokenResponse) {
      return Answer.broken(Fault.MALFORMED_RESPONSE_CHUNK);
    } else if (fault instanceof PlatformFault.EmptyResponse) {
      return Answer.broken(Fault.EMPTY_RESPONSE);
    } else if (fault instanceof PlatformFault.SlowAnswer s) {
      return serveSafely(call).after(s.delay());
    } else if (fault instanceof PlatformFault.TruncatedAnswer t) {
      return truncated(serveSafely(call), t.keptBytes());
    } else if (fault instanceof PlatformFault.AfterTheFunction a) {
      serveSafely(call);
      return answer(a.fault(), call);
    }
    return answerFault(fault, call);
  }

  /**
   * {@code answer} promising its whole body ({@code Content-Length}) and sending at most {@code
   * kept} bytes of it; Jetty then closes the connection, since the answer is incomplete.
   */
  private static Answer truncated(Answer answer, int kept) {
    byte[] body = answer.body().unsafeArray();
    int sent = Math.min(kept, Math.max(body.length - 1, 0));
    long promised = Math.max(body.length, sent + 1L);
    byte[] cut = Arrays.copyOf(body, sent);
    Metadata headers =
        answer.headers().toBuilder().set("content-length", Long.toString(promised)).build();
    return new Answer(answer.status(), headers, Payload.wrap(cut), answer.delay(), false);
  }

  private static ResponseDefinition toDefinition(Answer answer) {
    ResponseDefinitionBuilder builder = aResponse();
    if (answer.reset()) {
      return builder.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
    }
    if (answer.wireFault() != null) {
      return builder.withFault(answer.wireFault()).build();
    }
    builder.withStatus(answer.status());
    answer
        .headers()
        .asMap()
        .forEach((name, values) -> builder.withHeader(name, values.toArray(String[]::new)));
    if (!answer.body().isEmpty()) {
      builder.withBody(answer.body().unsafeArray());
    }
    if (!answer.delay().isZero()) {
      builder.withFixedDelay((int) answer.delay().toMillis());
    }
    return builder.build();
  }

  private final class Transformer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return respond(serveEvent.getRequest());
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }

    @Override
    public String getName() {
      return "dapr-compute-platform-"
          + Integer.toHexString(System.identityHashCode(PlatformFake.this));
    }
  }
}
