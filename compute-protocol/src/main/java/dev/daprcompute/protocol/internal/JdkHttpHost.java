package dev.daprcompute.protocol.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.daprcompute.protocol.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The one place the JDK's HTTP server ({@code com.sun.net.httpserver}) is set up, for every host
 * built on it: compute-function's {@code FunctionHttpServer} and the bridge's HTTP app channel.
 *
 * <ul>
 *   <li><b>No Nagle.</b> The JDK server writes a response's headers and body in separate writes;
 *       with Nagle's algorithm on, the body of each small answer on a kept-alive connection waits
 *       for the client's delayed ACK (about 40 ms on Linux). The server only reads {@code
 *       sun.net.httpserver.nodelay} once, when its first instance in the JVM is created, so this
 *       class sets it to {@code true} when it is loaded, unless the application set it.
 *   <li><b>Workers that grow, within bounds.</b> Up to {@link Settings#maxThreads} threads are
 *       started as requests arrive (idle ones end after 30 s), then up to {@link
 *       Settings#maxQueued} requests wait; past both, the JDK server closes the new connection at
 *       once (the client sees a connection error, which callers retry), rather than queueing
 *       without limit.
 *   <li><b>A deadline to read a request.</b> From the first byte of a request until its body has
 *       been read with {@link #readBody} (request line and headers included), at most {@link
 *       Settings#requestReadTimeout}; past it the connection is closed, so slow or stalled clients
 *       cannot hold the workers. A request answered without reading its body stays under the
 *       deadline while the server drains it. Handlers are never interrupted once the request is
 *       read.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class JdkHttpHost implements AutoCloseable {
  private static final System.Logger log = System.getLogger(JdkHttpHost.class.getName());

  /**
   * The system property the JDK server reads, once, to set {@code TCP_NODELAY} on its connections.
   */
  public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /** How long a request may take to arrive, headers and body: 10 s. */
  public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The most worker threads: as many calls as a component runs at once by default ({@code
   * maxConcurrency}).
   */
  public static final int DEFAULT_MAX_THREADS = 64;

  /** How many requests may wait for a worker. */
  public static final int DEFAULT_MAX_QUEUED = 1024;

  /** The listen backlog. */
  public static final int DEFAULT_BACKLOG = 128;

  private static final long IDLE_THREAD_SECONDS = 30;
  private static final long OVERLOAD_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** The deadline of the request the current worker thread is reading, if any. */
  private static final ThreadLocal<@Nullable ReadDeadline> CURRENT = new ThreadLocal<>();

  static {
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  /**
   * How a host is set up.
   *
   * @param address where to listen (port 0 picks a free port)
   * @param name names the host's threads and log lines
   * @param maxThreads the most worker threads, at least 1
   * @param maxQueued how many requests may wait for a worker, at least 0
   * @param requestReadTimeout how long a request may take to arrive, headers and body; positive
   * @param backlog the listen backlog, at least 1
   */
  public record Settings(
      InetSocketAddress address,
      String name,
      int maxThreads,
      int maxQueued,
      Duration requestReadTimeout,
      int backlog) {
    public Settings {
      Objects.requireNonNull(address, "address == null");
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(requestReadTimeout, "requestReadTimeout == null");
      if (maxThreads < 1) {
        throw new IllegalArgumentException("maxThreads must be at least 1, was " + maxThreads);
      }
      if (maxQueued < 0) {
        throw new IllegalArgumentException("maxQueued must not be negative, was " + maxQueued);
      }
      checkRequestReadTimeout(requestReadTimeout);
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be at least 1, was " + backlog);
      }
    }

    /** The defaults, listening at {@code address}. */
    public static Settings defaults(InetSocketAddress address, String name) {
      return new Settings(
          address,
          name,
          DEFAULT_MAX_THREADS,
          DEFAULT_MAX_QUEUED,
          DEFAULT_REQUEST_READ_TIMEOUT,
          DEFAULT_BACKLOG);
    }

    public Settings withMaxThreads(int threads) {
      return new Settings(address, name, threads, maxQueued, requestReadTimeout, backlog);
    }

    public Settings withMaxQueued(int queued) {
      return new Settings(address, name, maxThreads, queued, requestReadTimeout, backlog);
    }

    public Settings withRequestReadTimeout(Duration timeout) {
      return new Settings(address, name, maxThreads, maxQueued, timeout, backlog);
    }
  }

  /**
   * Checks a request read timeout given by a user.
   *
   * @throws IllegalArgumentException when it is zero or negative
   */
  public static Duration checkRequestReadTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "requestReadTimeout == null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("requestReadTimeout must be positive, was " + timeout);
    }
    return timeout;
  }

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor watchdog;
  private final Settings settings;

  private JdkHttpHost(
      HttpServer server,
      ThreadPoolExecutor workers,
      ScheduledThreadPoolExecutor watchdog,
      Settings settings) {
    this.server = server;
    this.workers = workers;
    this.watchdog = watchdog;
    this.settings = settings;
  }

  /**
   * Binds and starts a host that answers every path with {@code handler}.
   *
   * @throws IOException when the address cannot be bound (nothing is left running)
   */
  public static JdkHttpHost start(Settings settings, HttpHandler handler) throws IOException {
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(handler, "handler == null");
    HttpServer server = HttpServer.create(settings.address(), settings.backlog());
    BlockingQueue<Runnable> queue =
        settings.maxQueued() == 0
            ? new SynchronousQueue<>()
            : new ArrayBlockingQueue<>(settings.maxQueued());
    // core == max: the pool starts a thread per request until it has maxThreads, then queues.
    // (With fewer core threads and an unbounded queue it would never grow past the core.)
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            settings.maxThreads(),
            settings.maxThreads(),
            IDLE_THREAD_SECONDS,
            TimeUnit.SECONDS,
            queue,
            daemonThreads(settings.name() + "-"));
    workers.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor watchdog =
        new ScheduledThreadPoolExecutor(1, daemonThreads(settings.name() + "-read-deadline-"));
    watchdog.setRemoveOnCancelPolicy(true);
    JdkHttpHost host = new JdkHttpHost(server, workers, watchdog, settings);
    server.createContext("/", handler);
    server.setExecutor(host.new DeadlineExecutor());
    server.start();
    return host;
  }

  /** The address the host listens on, with the port it bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The settings the host runs with. */
  public Settings settings() {
    return settings;
  }

  /** The worker pool, for tests that check its bounds. */
  ThreadPoolExecutor workers() {
    return workers;
  }

  /**
   * Stops accepting requests, waits up to {@code delaySeconds} for exchanges in flight, then stops
   * the threads (interrupting handlers still running).
   */
  public void stop(int delaySeconds) {
    try {
      server.stop(delaySeconds);
    } finally {
      workers.shutdownNow();
      watchdog.shutdownNow();
    }
  }

  /** {@link #stop(int) stop(0)}. */
  @Override
  public void close() {
    stop(0);
  }

  /**
   * Reads the request body, up to {@code limit} bytes, and marks the request as read: its read
   * deadline no longer applies. Call it from the handler, once.
   *
   * @return the body, or null when it is over {@code limit} (the rest is left unread, and the
   *     deadline still bounds how long the server drains it)
   * @throws IOException when the connection fails or the read deadline passed
   */
  public static @Nullable Payload readBody(HttpExchange exchange, long limit) throws IOException {
    long declared = declaredLength(exchange);
    if (declared > limit) {
      return null;
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      if (declared >= 0) {
        // Straight into an array of the declared size: the body costs its size once, where reading
        // to the end collects chunks and copies them into the result.
        bytes = new byte[(int) declared];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
          throw new IOException(
              "the request body ended after "
                  + read
                  + " of the "
                  + declared
                  + " bytes it declared");
        }
      } else {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      }
    }
    if (bytes.length > limit) {
      return null;
    }
    ReadDeadline deadline = CURRENT.get();
    if (deadline != null && !deadline.requestRead()) {
      throw new IOException("the request was not read within its deadline");
    }
    return Payload.wrap(bytes);
  }

  /**
   * The request's {@code Content-Length}, or -1 when it has none (chunked) or one that is no
   * length.
   */
  private static long declaredLength(HttpExchange exchange) {
    if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
      return -1;
    }
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.trim());
      return length >= 0 && length <= Integer.MAX_VALUE - 8 ? length : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Marks an answer sent without reading the request body (a refused token, say): the response asks
   * the client to close the connection, and the request stays under its read deadline while the
   * server drains what is left of it. Call before sending the response headers.
   */
  public static void answerWithoutReadingBody(HttpExchange exchange) {
    exchange.getResponseHeaders().set("Connection", "close");
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Runs each exchange of the JDK server under a read deadline. The JDK server hands a connection
   * to the executor when its first byte arrives and reads the request line and headers in that
   * task, so the deadline covers them too. When it passes, the worker is interrupted: the JDK
   * server reads from an interruptible channel, which the interrupt closes.
   */
  private final class DeadlineExecutor implements Executor {
    private final AtomicLong lastOverloadWarning =
        new AtomicLong(System.nanoTime() - OVERLOAD_WARNING_INTERVAL_NANOS);

    @Override
    public void execute(Runnable exchange) {
      try {
        workers.execute(() -> runUnderDeadline(exchange));
      } catch (RejectedExecutionException e) {
        long last = lastOverloadWarning.get();
        long now = System.nanoTime();
        if (!workers.isShutdown()
            && now - last >= OVERLOAD_WARNING_INTERVAL_NANOS
            && lastOverloadWarning.compareAndSet(last, now)) {
          log.log(
              System.Logger.Level.WARNING,
              () ->
                  settings.name()
                      + ": all "
                      + settings.maxThreads()
                      + " workers are busy and "
                      + settings.maxQueued()
                      + " requests wait; closing new connections until one is free");
        }
        throw e; // the JDK server closes the connection
      }
    }

    private void runUnderDeadline(Runnable exchange) {
      ReadDeadline deadline = new ReadDeadline(Thread.currentThread());
      ScheduledFuture<?> timer = null;
      try {
        timer =
            watchdog.schedule(
                deadline, settings.requestReadTimeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // the host is stopping: the exchange runs without a deadline and the stop closes it
      }
      CURRENT.set(deadline);
      try {
        exchange.run();
      } finally {
        CURRENT.remove();
        deadline.finish();
        if (timer != null) {
          timer.cancel(false);
        }
        // An interrupt the deadline sent is spent once the exchange ends; it must not reach the
        // next exchange on this thread. finish() has made sure no later one comes.
        Thread.interrupted();
      }
    }
  }

  /** The read deadline of one exchange. */
  private final class ReadDeadline implements Runnable {
    private static final int READING = 0;
    private static final int READ = 1;
    private static final int PASSED = 2;
    private static final int FINISHED = 3;

    private final Thread worker;
    private int state = READING; // guarded by this

    ReadDeadline(Thread worker) {
      this.worker = worker;
    }

    /**
     * The deadline passed: closes the connection by interrupting its reader, unless it was read.
     */
    @Override
    public synchronized void run() {
      if (state == READING) {
        state = PASSED;
        log.log(
            System.Logger.Level.INFO,
            () ->
                settings.name()
                    + ": a request did not arrive within "
                    + settings.requestReadTimeout()
                    + " (its request read timeout); closing its connection");
        worker.interrupt();
      }
    }

    /** True when the request was read in time; the deadline no longer applies. */
    synchronized boolean requestRead() {
      if (state == READING) {
        state = READ;
      }
      return state == READ;
    }

    /** The exchange is over: no interrupt after this. */
    synchronized void finish() {
      state = FINISHED;
    }
  }
}
