package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.ByteSize;
import dev.daprcompute.protocol.internal.Messages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Sends requests through a transport and reads the replies: the deadline, the concurrency limit,
 * cancellation, and the bounded read. Failures of the network become {@link
 * ComputeUnavailableException}s; a reply over the limit becomes a {@link
 * ProtocolViolationException}.
 *
 * <p>A call's deadline runs from the moment it is asked for, waiting for a free slot included, and
 * every call completes by it, whatever is thrown where: the deadline is kept by a timer of its own,
 * not by OkHttp (whose timeouts start only once a call leaves its dispatcher's queue). Unfinished
 * calls are kept in order of their deadlines, and the timer holds one check, for the earliest: a
 * call costs a link in that list rather than a timer task scheduled and cancelled, since calls with
 * the component's one timeout come due in the order they were asked for. The timer only hands an
 * expired call to the component's executor, where it completes (with its dependents), so one slow
 * dependent never delays another call's deadline. A reply that arrives after the deadline is a
 * timeout, never an answer, however late the timer runs on a loaded machine. Any platform signature
 * is made when the call actually starts, and a call that waited for a slot gets a current token
 * then, so it never arrives with stale credentials. Thread-safe.
 */
final class Exchange {
  /** Fires deadlines; one daemon thread for the process, since each task only hands a call on. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

  private final PlatformTransport transport;
  private final ScheduledExecutorService timer;
  private final Executor completions;
  private final OkHttpClient idempotent;
  private final OkHttpClient once;
  private final long maxBodySize;
  private final int maxConcurrency;
  private final UnaryOperator<FunctionRequest> authorize;
  // All guarded by this.
  private final ArrayDeque<Attempt> waiting = new ArrayDeque<>();
  private int inFlight;

  /** The unfinished calls, earliest deadline first (a doubly linked list through the calls). */
  private @Nullable Attempt earliest;

  private @Nullable Attempt latest;

  /** Whether a check of the deadlines is scheduled, and for when (a {@link System#nanoTime}). */
  private boolean checkPending;

  private long checkAt;

  /** The longest delay the deadline list handles; longer timeouts are this (about 36 years). */
  private static final long LONGEST = Long.MAX_VALUE >> 2;

  /**
   * @param client the component's client ({@link HttpClients#harden hardened})
   * @param executor the component's threads, where expired calls complete
   * @param maxConcurrency the most calls in flight at once; more wait, inside their deadline
   * @param authorize sets a current token on a request that waited for a slot, when it starts
   */
  Exchange(
      PlatformTransport transport,
      OkHttpClient client,
      Executor executor,
      long maxBodySize,
      int maxConcurrency,
      UnaryOperator<FunctionRequest> authorize) {
    this(transport, client, executor, DEADLINES, maxBodySize, maxConcurrency, authorize);
  }

  /** As above, with the timer that fires deadlines given (tests make it late). */
  Exchange(
      PlatformTransport transport,
      OkHttpClient client,
      Executor executor,
      ScheduledExecutorService timer,
      long maxBodySize,
      int maxConcurrency,
      UnaryOperator<FunctionRequest> authorize) {
    this.transport = transport;
    this.timer = timer;
    this.completions = orInline(executor);
    // As Go's net/http (and so daprd) does: the HTTP client may retry an idempotent request on a
    // broken connection (a stale pooled one, say), never a POST or PATCH, which could then run
    // twice. Everything else is reported, and the caller's policy decides. Both share one pool.
    this.idempotent = client.newBuilder().retryOnConnectionFailure(true).build();
    this.once = client.newBuilder().retryOnConnectionFailure(false).build();
    this.maxBodySize = maxBodySize;
    this.maxConcurrency = maxConcurrency;
    this.authorize = authorize;
  }

  /**
   * Sends {@code request}, with the token it carries, or a current one ({@code authorize}) if it
   * had to wait for a slot. The future fails only with a {@link ComputeException}, and completes
   * within {@code timeout}. Cancelling it cancels the HTTP call.
   */
  CompletableFuture<PlatformResponse> send(FunctionRequest request, Duration timeout) {
    Attempt attempt = new Attempt(request, timeout);
    boolean now;
    boolean check;
    synchronized (this) {
      link(attempt);
      check = earliest == attempt && (!checkPending || attempt.due - checkAt < 0);
      if (check) {
        checkPending = true;
        checkAt = attempt.due;
      }
      now = inFlight < maxConcurrency;
      if (now) {
        inFlight++;
        attempt.holdsSlot = true;
      } else {
        waiting.addLast(attempt);
        attempt.queued = true;
        attempt.waited = true;
      }
    }
    if (check) {
      scheduleCheck(attempt.due);
    }
    if (now && !attempt.start()) {
      handOn();
    }
    return attempt.future;
  }

  /** For tests: how many calls are in the deadline list. */
  synchronized int tracked() {
    int count = 0;
    for (Attempt at = earliest; at != null; at = at.later) {
      count++;
    }
    return count;
  }

  /** For tests: how many slots are taken. */
  synchronized int inFlight() {
    return inFlight;
  }

  /** Puts a call in the deadline list; from the end, where a call with the usual timeout goes. */
  private void link(Attempt attempt) {
    Attempt before = latest;
    while (before != null && before.due - attempt.due > 0) {
      before = before.earlier;
    }
    attempt.earlier = before;
    attempt.later = before == null ? earliest : before.later;
    if (attempt.later == null) {
      latest = attempt;
    } else {
      attempt.later.earlier = attempt;
    }
    if (before == null) {
      earliest = attempt;
    } else {
      before.later = attempt;
    }
    attempt.linked = true;
  }

  private void unlink(Attempt attempt) {
    if (!attempt.linked) {
      return;
    }
    if (attempt.earlier == null) {
      earliest = attempt.later;
    } else {
      attempt.earlier.later = attempt.later;
    }
    if (attempt.later == null) {
      latest = attempt.earlier;
    } else {
      attempt.later.earlier = attempt.earlier;
    }
    attempt.earlier = null;
    attempt.later = null;
    attempt.linked = false;
  }

  private void scheduleCheck(long at) {
    long delay = Math.max(0, at - System.nanoTime());
    try {
      ScheduledFuture<?> unused =
          timer.schedule(() -> checkDeadlines(at), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      // A timer that was shut down must not leave the calls in the list without a check: they
      // would never reach their deadline. The JDK's shared delayer never refuses.
      CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS)
          .execute(() -> checkDeadlines(at));
    }
  }

  /**
   * On the timer: takes every call whose deadline has passed out of the list, hands each to the
   * component's executor to expire, and schedules the check for the next deadline.
   */
  private void checkDeadlines(long at) {
    List<Attempt> expired = new ArrayList<>();
    boolean check = false;
    long next = 0;
    synchronized (this) {
      if (checkPending && checkAt == at) {
        checkPending = false;
      }
      long now = System.nanoTime();
      while (earliest != null && now - earliest.due >= 0) {
        Attempt due = earliest;
        unlink(due);
        expired.add(due);
      }
      if (earliest != null && (!checkPending || earliest.due - checkAt < 0)) {
        check = true;
        checkPending = true;
        checkAt = earliest.due;
        next = checkAt;
      }
    }
    if (check) {
      scheduleCheck(next);
    }
    for (Attempt attempt : expired) {
      completions.execute(attempt::expire);
    }
  }

  /**
   * Takes a call out of the deadline list and the queue, and frees or hands on its slot. For a call
   * that is done, or about to be (it may run twice).
   */
  private void settle(Attempt attempt) {
    synchronized (this) {
      unlink(attempt);
      if (attempt.queued) {
        waiting.remove(attempt);
        attempt.queued = false;
      }
      if (!attempt.holdsSlot) {
        return;
      }
      attempt.holdsSlot = false;
    }
    handOn();
  }

  /**
   * Hands a freed slot to the next waiting call that is still wanted, or gives it back. A loop, not
   * a recursion: a call that fails before it is sent (a key that cannot sign, say) passes the slot
   * straight on, however many such calls wait.
   */
  private void handOn() {
    while (true) {
      Attempt next;
      synchronized (this) {
        do {
          next = waiting.pollFirst();
          if (next != null) {
            next.queued = false;
          }
        } while (next != null && next.future.isDone());
        if (next == null) {
          inFlight--;
          return;
        }
        next.holdsSlot = true;
      }
      if (next.start()) {
        return;
      }
    }
  }

  /** Takes a call's slot back, if it holds one; whether it did. */
  private synchronized boolean takeSlotBack(Attempt attempt) {
    boolean held = attempt.holdsSlot;
    attempt.holdsSlot = false;
    return held;
  }

  /** One call: waits for a slot, starts, and completes exactly once. */
  private final class Attempt implements Callback {
    final FunctionRequest request;
    final Duration timeout;
    final long askedAt = System.nanoTime();
    final long timeoutNanos;
    final long due; // askedAt + the timeout, as System.nanoTime
    final CompletableFuture<PlatformResponse> future = new CallFuture();
    // Guarded by the Exchange's lock:
    boolean holdsSlot;
    boolean queued; // in waiting
    boolean linked; // in the deadline list
    @Nullable Attempt earlier;
    @Nullable Attempt later;
    volatile boolean waited; // was queued for a slot at all
    volatile @Nullable Call call;
    volatile long startedAt;

    Attempt(FunctionRequest request, Duration timeout) {
      this.request = request;
      this.timeout = timeout;
      this.timeoutNanos = Math.min(Math.max(toNanos(timeout), 1), LONGEST);
      this.due = askedAt + timeoutNanos;
    }

    /** Whether the deadline has passed, whether or not the timer has fired yet. */
    boolean overdue() {
      return System.nanoTime() - due >= 0;
    }

    /** Completes with {@code reply}; past the deadline, it is a timeout instead. */
    void answer(PlatformResponse reply) {
      if (overdue()) {
        expire();
      } else {
        letGo();
        future.complete(reply);
      }
    }

    /** Fails with {@code failure}; past the deadline, with the timeout instead. */
    void fail(ComputeException failure) {
      if (overdue()) {
        expire();
      } else {
        letGo();
        future.completeExceptionally(failure);
      }
    }

    /**
     * Frees what an answered call holds, its deadline and its slot, before the future's dependents
     * run: a slow dependent never keeps a slot from waiting calls, and a caller that starts its
     * next call from a dependent finds a slot free rather than queueing behind itself.
     */
    private void letGo() {
      settle(this);
    }

    /**
     * Sends the call, with a slot held, in the thread that granted it.
     *
     * @return false when the call ended before it was sent and gave its slot up: the caller passes
     *     it on (in a loop, never by recursion)
     */
    boolean start() {
      if (future.isDone()) {
        return !takeSlotBack(this);
      }
      startedAt = System.nanoTime();
      try {
        // A request carries the token it was built with; one that waited for a slot gets the
        // current token instead, so it never arrives with stale credentials.
        Request http = transport.toHttpRequest(waited ? authorize.apply(request) : request);
        boolean idempotentMethod = !(http.method().equals("POST") || http.method().equals("PATCH"));
        if (!idempotentMethod && http.body() != null && !http.body().isOneShot()) {
          http = http.newBuilder().method(http.method(), new OneShot(http.body())).build();
        }
        Call started = (idempotentMethod ? idempotent : once).newCall(http);
        call = started;
        if (future.isDone()) {
          started.cancel();
          return true;
        }
        started.enqueue(this);
        return true;
      } catch (ComputeException e) {
        return failBeforeSending(e);
      } catch (RuntimeException e) {
        return failBeforeSending(
            new ComputeRequestException(
                transport.platformName()
                    + " cannot carry "
                    + describe(request)
                    + ": "
                    // A header-validation error may quote the value (a function key, say).
                    + Redaction.platformMessage(Messages.of(e))));
      } catch (Error e) {
        future.completeExceptionally(failedInside(e));
        throw e;
      }
    }

    /** Fails a call that was never sent, taking its slot back first (see {@link #start}). */
    private boolean failBeforeSending(ComputeException failure) {
      boolean gaveUpSlot = takeSlotBack(this);
      future.completeExceptionally(failure);
      return !gaveUpSlot;
    }

    /** The call's future: however it completes, {@link #finish} follows. */
    private final class CallFuture extends CompletableFuture<PlatformResponse> {
      @Override
      public boolean complete(PlatformResponse value) {
        boolean completed = super.complete(value);
        if (completed) {
          finish();
        }
        return completed;
      }

      @Override
      public boolean completeExceptionally(Throwable failure) {
        boolean completed = super.completeExceptionally(failure);
        if (completed) {
          finish();
        }
        return completed;
      }

      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
          finish();
        }
        return cancelled;
      }
    }

    /**
     * After completion, however it came: stop the HTTP call, leave the deadline list and the queue,
     * and free the slot.
     */
    void finish() {
      Call running = call;
      if (running != null && future.isCompletedExceptionally()) {
        running.cancel(); // a deadline, a cancellation or a failure: the call may still be running
      }
      settle(this);
    }

    /**
     * Fails with the timeout. As an answered call does, it frees its deadline and its slot before
     * the future's dependents run (a caller that retries from there finds the slot free); the HTTP
     * call is cancelled first, so that it does not go on beside the call the slot goes to.
     */
    void expire() {
      Call running = call;
      if (running != null) {
        running.cancel(); // a failure it reports now reads as this timeout: the call is overdue
      }
      letGo();
      long waited = (startedAt == 0 ? System.nanoTime() : startedAt) - askedAt;
      String queued =
          waited >= TimeUnit.MILLISECONDS.toNanos(1)
              ? " ("
                  + TimeUnit.NANOSECONDS.toMillis(waited)
                  + " ms of it waiting for one of maxConcurrency "
                  + maxConcurrency
                  + " calls in flight to finish)"
              : "";
      future.completeExceptionally(
          new ComputeUnavailableException(
              Reason.TIMEOUT,
              describe(request)
                  + " via "
                  + transport.platformName()
                  + " did not finish within its timeout of "
                  + timeout.toMillis()
                  + " ms"
                  + queued,
              null));
    }

    @Override
    public void onFailure(Call c, IOException e) {
      fail(
          HttpClients.networkFailure(
              describe(request) + " via " + transport.platformName(), e, timeout));
    }

    @Override
    public void onResponse(Call c, Response response) {
      try (response) {
        byte[] body =
            HttpClients.readAtMost(response.body(), transport.rawResponseLimit(maxBodySize));
        Metadata headers = HttpClients.headers(response);
        PlatformResponse reply =
            transport.fromHttpResponse(request, response.code(), headers, Payload.wrap(body));
        if (reply.answeredByFunction() && reply.body().size() > maxBodySize) {
          // An envelope (Lambda's) may carry more than its raw bytes suggest once decoded.
          throw new HttpClients.TooLarge();
        }
        answer(reply);
      } catch (HttpClients.TooLarge e) {
        fail(
            new ProtocolViolationException(
                "the reply to "
                    + describe(request)
                    + " is larger than maxBodySize ("
                    + ByteSize.format(maxBodySize)
                    + "): raise maxBodySize or send less"));
      } catch (IOException e) {
        onFailure(c, e);
      } catch (ComputeException e) {
        fail(e);
      } catch (RuntimeException e) {
        fail(
            new ProtocolViolationException(
                transport.platformName()
                    + " reply to "
                    + describe(request)
                    + " could not be read: "
                    + Redaction.platformMessage(Messages.of(e)),
                e));
      } catch (Error e) {
        // An OutOfMemoryError, say: the call fails (for a topic event, RETRY) rather than hanging,
        // and the error still reaches the thread's handler.
        future.completeExceptionally(failedInside(e));
        throw e;
      }
    }

    private ComputeException failedInside(Error e) {
      return new ComputeException(
          describe(request)
              + " via "
              + transport.platformName()
              + " failed inside the component: "
              + e.getClass().getName(),
          e);
    }
  }

  private static long toNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  static String describe(FunctionRequest request) {
    return request.verb() + " " + request.path();
  }

  /**
   * {@code executor}, running a task in the caller's thread when it refuses it (the component is
   * closing): a call must complete whatever happens.
   */
  static Executor orInline(Executor executor) {
    return task -> {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException closing) {
        task.run();
      }
    };
  }

  private static ScheduledThreadPoolExecutor deadlineTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "dapr-compute-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /**
   * A body OkHttp may send only once: a POST is never repeated by the client on its own, not even
   * on a misdirected request (421) over a coalesced HTTP/2 connection.
   */
  private static final class OneShot extends RequestBody {
    private final RequestBody delegate;

    OneShot(RequestBody delegate) {
      this.delegate = delegate;
    }

    @Override
    public @Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() throws IOException {
      return delegate.contentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      delegate.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }
}
