package dev.daprcompute.benchmarks.load;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.bridge.ComputeBridge;
import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.FunctionHttpHandler;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.function.FunctionHttpServer;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.JdkHttpHost;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprAppCallbackProtos;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Every load and allocation measurement: what it sets up, its variants, and the figures (ratios)
 * read from each of its rounds. A figure is computed per round, from variants measured one after
 * another in that round, so slow drift of the machine falls on both sides of a ratio.
 */
public final class Scenarios {
  private Scenarios() {}

  /** What a spec measures. */
  public enum Kind {
    LATENCY,
    ALLOCATION
  }

  /** Makes the scenario (servers started, components initialised). */
  @FunctionalInterface
  public interface Factory {
    Scenario create() throws Exception;
  }

  /** One round: for each variant, its metrics. */
  public interface Round {
    double get(String variant, String metric);
  }

  /**
   * A figure: a ratio computed from one round.
   *
   * @param name what it shows
   * @param baseline what it is a ratio against
   * @param metrics the metrics it is read for ({@code p50}, {@code p99}, {@code p99.9}, {@code
   *     throughput}, {@code allocated})
   * @param value the figure of one round for one metric
   * @param goal the project's goal for it, or empty
   */
  public record Figure(
      String name, String baseline, List<String> metrics, Value value, String goal) {}

  /** A figure's value in one round. */
  @FunctionalInterface
  public interface Value {
    double of(Round round, String metric);
  }

  /**
   * A measurement.
   *
   * @param name unique; {@code section/...}
   * @param section which item of issue 13 it answers
   * @param kind latency (calls in flight) or allocation
   * @param inFlight calls in flight (latency); calls per round (allocation)
   * @param warmupCalls calls per variant before the rounds (allocation)
   * @param jvmArgs for its forks
   */
  public record Spec(
      String name,
      String section,
      Kind kind,
      int inFlight,
      int warmupCalls,
      List<String> jvmArgs,
      Factory factory,
      List<Figure> figures) {}

  static final List<String> LATENCY_METRICS = List.of("p50", "p99", "p99.9", "throughput");
  static final List<String> PERCENTILES = List.of("p50", "p99", "p99.9");
  private static final List<String> LATENCY_JVM = List.of("-Xms2g", "-Xmx2g");
  private static final List<String> ALLOCATION_JVM = List.of("-Xms3g", "-Xmx3g");
  private static final MediaType OCTET = MediaType.get(Fixtures.OCTET_STREAM);
  private static final int KIB = 1024;
  private static final int MIB = 1024 * 1024;

  /** The largest body through compute.http in the memory measurement: "100 MB". */
  static final int HTTP_LARGEST = 100_000_000;

  /** The largest binary body whose v2.0 event (the body in base64) stays under Lambda's 6 MB. */
  static final int LAMBDA_LARGEST = 4_500_000;

  /** Every measurement, in the order the summary shows them. */
  public static List<Spec> all() {
    List<Spec> specs = new ArrayList<>();
    for (int size : List.of(KIB, MIB)) {
      for (int inFlight : List.of(1, 64)) {
        specs.add(invoke(size, inFlight));
      }
    }
    for (String operation : List.of("invoke", "topic")) {
      for (int inFlight : List.of(1, 64)) {
        specs.add(bridge(operation, inFlight));
      }
    }
    specs.add(allocation("http", "request", HTTP_LARGEST, 3, 2));
    specs.add(allocation("http", "reply", HTTP_LARGEST, 3, 2));
    specs.add(allocation("lambda", "request", LAMBDA_LARGEST, 10, 5));
    specs.add(allocation("lambda", "reply", LAMBDA_LARGEST, 10, 5));
    specs.add(allocation("http", "both", KIB, 2000, 5000));
    specs.add(allocation("lambda", "both", KIB, 2000, 5000));
    for (int inFlight : List.of(1, 64)) {
      specs.add(functionHost(inFlight));
    }
    return specs;
  }

  /** The spec called {@code name}. */
  public static Spec named(String name) {
    return all().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario '" + name + "'"));
  }

  private static String size(int bytes) {
    return bytes >= MIB && bytes % MIB == 0
        ? bytes / MIB + "MiB"
        : bytes >= KIB && bytes % KIB == 0 && bytes < MIB
            ? bytes / KIB + "KiB"
            : bytes % 1_000_000 == 0 ? bytes / 1_000_000 + "MB" : bytes / 1_000 + "kB";
  }

  static Value ratio(String candidate, String baseline) {
    return (round, metric) -> round.get(candidate, metric) / round.get(baseline, metric);
  }

  // ------------------------------------------------------------------ 1: invocation overhead

  /**
   * {@code onInvoke} through compute.http and compute.aws.lambda (mode invoke: SigV4 and the v2.0
   * envelope) against the same POST with raw OkHttp, synchronous ({@code execute}) and asynchronous
   * ({@code enqueue}), to one {@link RawHttpServer}; request and reply carry {@code size} bytes.
   * "The same POST" is the request compute.http sends: the protocol's token (signed once, as the
   * component reuses it) and marker headers included, so a ratio shows the component's own work;
   * {@code okhttp-async-bare} leaves them out, to show what carrying them costs on the wire.
   */
  static Spec invoke(int size, int inFlight) {
    String goal = "p50 and throughput within 5% (at most 10%)";
    return new Spec(
        "invoke/" + size(size) + "/x" + inFlight,
        "1 invocation overhead",
        Kind.LATENCY,
        inFlight,
        0,
        LATENCY_JVM,
        () -> new InvokeScenario(size),
        List.of(
            new Figure(
                "compute.http",
                "okhttp-async",
                LATENCY_METRICS,
                ratio("compute.http", "okhttp-async"),
                goal),
            new Figure(
                "compute.http",
                "okhttp-sync",
                LATENCY_METRICS,
                ratio("compute.http", "okhttp-sync"),
                ""),
            new Figure(
                "compute.aws.lambda",
                "okhttp-async",
                LATENCY_METRICS,
                ratio("compute.aws.lambda", "okhttp-async"),
                ""),
            new Figure(
                "okhttp-sync",
                "okhttp-async",
                LATENCY_METRICS,
                ratio("okhttp-sync", "okhttp-async"),
                ""),
            new Figure(
                "okhttp-async",
                "okhttp-async-bare",
                LATENCY_METRICS,
                ratio("okhttp-async", "okhttp-async-bare"),
                "")));
  }

  /** The setup of {@link #invoke}. */
  static final class InvokeScenario implements Scenario {
    private final RawHttpServer server;
    private final OkHttpClient client;
    private final Compute http;
    private final Compute lambda;
    private final List<Variant> variants;

    InvokeScenario(int size) throws IOException {
      this(
          size,
          size,
          4L << 20,
          Set.of(
              "okhttp-sync",
              "okhttp-async",
              "okhttp-async-bare",
              "compute.http",
              "compute.aws.lambda"));
    }

    /**
     * {@code requestSize} bytes out, {@code replySize} bytes back; the variants named in {@code
     * keep}.
     */
    InvokeScenario(int requestSize, int replySize, long maxBodySize, Set<String> keep)
        throws IOException {
      server = RawHttpServer.start(Fixtures.function(replySize));
      client = Fixtures.client();
      SigningKey key = SigningKey.generateEd25519();
      Compute opened = null;
      try {
        opened = Fixtures.computeHttp(client, server.baseUrl(), key, maxBodySize);
        http = opened;
        lambda = Fixtures.lambda(client, server.baseUrl(), key, maxBodySize);
      } catch (RuntimeException e) {
        if (opened != null) {
          opened.close();
        }
        close(server, client);
        throw e;
      }
      byte[] body = Fixtures.bytes(requestSize);
      String url = server.baseUrl() + "/" + Fixtures.METHOD;
      String bearer = "Bearer " + new TokenSigner(key).token(Fixtures.NAME, Fixtures.NAME);
      variants =
          Stream.of(
                  Variant.blocking(
                      "okhttp-sync",
                      () -> {
                        try (Response response =
                            client.newCall(protocolRequest(url, body, bearer)).execute()) {
                          check(response.code(), response.body().bytes().length, replySize);
                        }
                      }),
                  Variant.async(
                      "okhttp-async",
                      () -> enqueue(client, protocolRequest(url, body, bearer), replySize)),
                  Variant.async(
                      "okhttp-async-bare", () -> enqueue(client, rawRequest(url, body), replySize)),
                  Variant.async("compute.http", () -> invoke(http, body, replySize)),
                  Variant.async("compute.aws.lambda", () -> invoke(lambda, body, replySize)))
              .filter(v -> keep.contains(v.name()))
              .toList();
    }

    @Override
    public List<Variant> variants() {
      return variants;
    }

    @Override
    public boolean isServerThread(long threadId) {
      return server.ownsThread(threadId);
    }

    @Override
    public void close() {
      http.close();
      lambda.close();
      close(server, client);
    }

    private static void close(RawHttpServer server, OkHttpClient client) {
      server.close();
      Fixtures.shutdown(client);
    }
  }

  static Request rawRequest(String url, byte[] body) {
    return new Request.Builder().url(url).post(RequestBody.create(body, OCTET)).build();
  }

  /** {@link #rawRequest} with the headers compute.http adds: the token and the marker. */
  static Request protocolRequest(String url, byte[] body, String bearer) {
    return new Request.Builder()
        .url(url)
        .header(Protocol.AUTHORIZATION, bearer)
        .header(Protocol.MARKER_HEADER, Integer.toString(Protocol.VERSION))
        .post(RequestBody.create(body, OCTET))
        .build();
  }

  /** Reads and checks an answer; returns what the call's future completes with. */
  @FunctionalInterface
  interface Reader {
    int read(Response response) throws IOException;
  }

  /**
   * An asynchronous OkHttp call whose future completes once the whole answer is read and checked.
   */
  static CompletableFuture<Integer> enqueue(OkHttpClient client, Request request, Reader reader) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    client
        .newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                done.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  done.complete(reader.read(response));
                } catch (IOException | RuntimeException e) {
                  done.completeExceptionally(e);
                }
              }
            });
    return done;
  }

  /** As above, for an answer of 200 with {@code expectedSize} bytes. */
  static CompletableFuture<Integer> enqueue(
      OkHttpClient client, Request request, int expectedSize) {
    return enqueue(
        client,
        request,
        response -> {
          int length = response.body().bytes().length;
          check(response.code(), length, expectedSize);
          return length;
        });
  }

  static CompletableFuture<Integer> invoke(Compute compute, byte[] body, int expectedSize) {
    return compute
        .onInvoke(InvokeRequest.post(Fixtures.METHOD, Payload.wrap(body), Fixtures.OCTET_STREAM))
        .thenApply(
            reply -> {
              check(reply.status(), reply.data().size(), expectedSize);
              return reply.data().size();
            });
  }

  static void check(int status, int size, int expectedSize) {
    if (status != 200 || size != expectedSize) {
      throw new IllegalStateException(
          "answer " + status + " with " + size + " bytes; expected 200 with " + expectedSize);
    }
  }

  // ------------------------------------------------------------------ 3: the bridge

  /**
   * {@code OnInvoke} or {@code OnTopicEvent} through the gRPC bridge and through the HTTP app
   * channel, in front of compute.http to the {@link RawHttpServer}, against calling that Compute
   * directly; and against a bare gRPC hop (an AppCallback service that answers at once, on the same
   * gRPC server setup) and a bare HTTP hop (a {@link JdkHttpHost} that answers at once, the host
   * the HTTP app channel runs on). The bridge in front of a Compute that answers at once (no HTTP
   * behind it) shows the bridge's own work against the bare hop without the noise of the call
   * behind it. Bodies of 1 KiB.
   */
  static Spec bridge(String operation, int inFlight) {
    List<String> latencies = PERCENTILES;
    String goal = "at most 1.10 (the bridge's own work under 10% of the hop)";
    Value grpcOwn =
        (round, metric) ->
            (round.get("grpc-bridge", metric) - round.get("direct", metric))
                / round.get("grpc-hop", metric);
    Value httpOwn =
        (round, metric) ->
            (round.get("http-channel", metric) - round.get("direct", metric))
                / round.get("http-hop", metric);
    return new Spec(
        "bridge/" + operation + "/x" + inFlight,
        "3 the bridge",
        Kind.LATENCY,
        inFlight,
        0,
        LATENCY_JVM,
        () -> new BridgeScenario(operation.equals("topic")),
        List.of(
            new Figure(
                "(grpc-bridge - direct) / grpc-hop", "bare gRPC hop", latencies, grpcOwn, goal),
            new Figure(
                "(http-channel - direct) / http-hop", "bare HTTP hop", latencies, httpOwn, goal),
            new Figure(
                "grpc-bridge-instant",
                "grpc-hop",
                LATENCY_METRICS,
                ratio("grpc-bridge-instant", "grpc-hop"),
                goal),
            new Figure(
                "http-channel-instant",
                "http-hop",
                LATENCY_METRICS,
                ratio("http-channel-instant", "http-hop"),
                goal),
            new Figure(
                "grpc-bridge", "direct", LATENCY_METRICS, ratio("grpc-bridge", "direct"), ""),
            new Figure(
                "http-channel", "direct", LATENCY_METRICS, ratio("http-channel", "direct"), "")));
  }

  /** The setup of {@link #bridge}. */
  static final class BridgeScenario implements Scenario {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Variant> variants;

    BridgeScenario(boolean topic) throws Exception {
      try {
        RawHttpServer server = add(RawHttpServer.start(Fixtures.function(KIB)));
        OkHttpClient client = Fixtures.client();
        resources.add(() -> Fixtures.shutdown(client));
        Compute compute =
            add(
                Fixtures.computeHttp(
                    client, server.baseUrl(), SigningKey.generateEd25519(), 4L << 20));
        Compute instant = new InstantCompute(Fixtures.bytes(KIB));
        ComputeBridge bridge = add(ComputeBridge.builder(compute).grpcPort(0).httpPort(0).start());
        ComputeBridge instantBridge =
            add(ComputeBridge.builder(instant).grpcPort(0).httpPort(0).start());
        Server hop = add(grpcHop(Fixtures.bytes(KIB)));
        JdkHttpHost httpHop = add(httpHop(Fixtures.bytes(KIB)));

        AppCallbackGrpc.AppCallbackFutureStub toBridge = stub(bridge.grpcPort().getAsInt());
        AppCallbackGrpc.AppCallbackFutureStub toInstantBridge =
            stub(instantBridge.grpcPort().getAsInt());
        AppCallbackGrpc.AppCallbackFutureStub toHop = stub(hop.getPort());
        String bridgeUrl = "http://127.0.0.1:" + bridge.httpPort().getAsInt();
        String instantUrl = "http://127.0.0.1:" + instantBridge.httpPort().getAsInt();
        String hopUrl = "http://127.0.0.1:" + httpHop.address().getPort();

        if (topic) {
          byte[] data =
              ("{\"order\":\"" + "x".repeat(KIB - 12) + "\"}").getBytes(StandardCharsets.UTF_8);
          TopicEventRequest event =
              TopicEventRequest.of(
                  "1", Fixtures.PUBSUB, Fixtures.TOPIC, Payload.wrap(data), "application/json");
          DaprAppCallbackProtos.TopicEventRequest grpcEvent =
              DaprAppCallbackProtos.TopicEventRequest.newBuilder()
                  .setId("1")
                  .setSource("Dapr")
                  .setType("com.dapr.event.sent")
                  .setSpecVersion("1.0")
                  .setDataContentType("application/json")
                  .setData(ByteString.copyFrom(data))
                  .setTopic(Fixtures.TOPIC)
                  .setPubsubName(Fixtures.PUBSUB)
                  .setPath(Fixtures.ROUTE)
                  .build();
          byte[] cloudEvent =
              ("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"Dapr\",\"type\":\"com.dapr.event.sent\","
                      + "\"datacontenttype\":\"application/json\",\"topic\":\""
                      + Fixtures.TOPIC
                      + "\",\"pubsubname\":\""
                      + Fixtures.PUBSUB
                      + "\",\"data\":"
                      + new String(data, StandardCharsets.UTF_8)
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          MediaType ce = MediaType.get("application/cloudevents+json");
          variants =
              List.of(
                  Variant.async(
                      "direct",
                      () -> compute.onTopicEvent(event).thenApply(BridgeScenario::success)),
                  Variant.async("grpc-bridge", () -> grpcTopic(toBridge, grpcEvent)),
                  Variant.async("grpc-bridge-instant", () -> grpcTopic(toInstantBridge, grpcEvent)),
                  Variant.async("grpc-hop", () -> grpcTopic(toHop, grpcEvent)),
                  Variant.async("http-channel", () -> httpTopic(client, bridgeUrl, cloudEvent, ce)),
                  Variant.async(
                      "http-channel-instant", () -> httpTopic(client, instantUrl, cloudEvent, ce)),
                  Variant.async("http-hop", () -> httpTopic(client, hopUrl, cloudEvent, ce)));
        } else {
          byte[] body = Fixtures.bytes(KIB);
          CommonProtos.InvokeRequest grpcRequest =
              CommonProtos.InvokeRequest.newBuilder()
                  .setMethod(Fixtures.METHOD)
                  .setData(Any.newBuilder().setValue(ByteString.copyFrom(body)))
                  .setContentType(Fixtures.OCTET_STREAM)
                  .setHttpExtension(
                      CommonProtos.HTTPExtension.newBuilder()
                          .setVerb(CommonProtos.HTTPExtension.Verb.POST))
                  .build();
          String path = "/" + Fixtures.METHOD;
          variants =
              List.of(
                  Variant.async("direct", () -> invoke(compute, body, KIB)),
                  Variant.async("grpc-bridge", () -> grpcInvoke(toBridge, grpcRequest)),
                  Variant.async(
                      "grpc-bridge-instant", () -> grpcInvoke(toInstantBridge, grpcRequest)),
                  Variant.async("grpc-hop", () -> grpcInvoke(toHop, grpcRequest)),
                  Variant.async(
                      "http-channel",
                      () -> enqueue(client, rawRequest(bridgeUrl + path, body), KIB)),
                  Variant.async(
                      "http-channel-instant",
                      () -> enqueue(client, rawRequest(instantUrl + path, body), KIB)),
                  Variant.async(
                      "http-hop", () -> enqueue(client, rawRequest(hopUrl + path, body), KIB)));
        }
      } catch (Exception | Error e) {
        close();
        throw e;
      }
    }

    private <T extends AutoCloseable> T add(T resource) {
      resources.add(resource);
      return resource;
    }

    private Server add(Server server) {
      resources.add(
          () -> {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
          });
      return server;
    }

    private AppCallbackGrpc.AppCallbackFutureStub stub(int port) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .usePlaintext()
              .maxInboundMessageSize(16 << 20)
              .build();
      resources.add(
          () -> {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
          });
      return AppCallbackGrpc.newFutureStub(channel);
    }

    private static int success(TopicEventResponse response) {
      if (response.status() != TopicEventStatus.SUCCESS) {
        throw new IllegalStateException(
            "topic event " + response.status() + ": " + response.reason());
      }
      return 1;
    }

    @Override
    public List<Variant> variants() {
      return variants;
    }

    @Override
    public void close() {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          System.err.println("closing a bridge scenario: " + e);
        }
      }
      resources.clear();
    }
  }

  static <T> CompletableFuture<T> toCompletable(ListenableFuture<T> future) {
    CompletableFuture<T> done = new CompletableFuture<>();
    future.addListener(
        () -> {
          try {
            done.complete(future.get());
          } catch (java.util.concurrent.ExecutionException e) {
            done.completeExceptionally(e.getCause());
          } catch (InterruptedException | RuntimeException e) {
            done.completeExceptionally(e);
          }
        },
        MoreExecutors.directExecutor());
    return done;
  }

  static CompletableFuture<Integer> grpcInvoke(
      AppCallbackGrpc.AppCallbackFutureStub stub, CommonProtos.InvokeRequest request) {
    return toCompletable(stub.onInvoke(request))
        .thenApply(
            reply -> {
              check(200, reply.getData().getValue().size(), KIB);
              return reply.getData().getValue().size();
            });
  }

  static CompletableFuture<Integer> grpcTopic(
      AppCallbackGrpc.AppCallbackFutureStub stub, DaprAppCallbackProtos.TopicEventRequest event) {
    return toCompletable(stub.onTopicEvent(event))
        .thenApply(
            reply -> {
              if (reply.getStatus()
                  != DaprAppCallbackProtos.TopicEventResponse.TopicEventResponseStatus.SUCCESS) {
                throw new IllegalStateException("topic event " + reply.getStatus());
              }
              return 1;
            });
  }

  static CompletableFuture<Integer> httpTopic(
      OkHttpClient client, String baseUrl, byte[] cloudEvent, MediaType type) {
    Request request =
        new Request.Builder()
            .url(baseUrl + Fixtures.ROUTE)
            .post(RequestBody.create(cloudEvent, type))
            .build();
    return enqueue(
        client,
        request,
        response -> {
          String text = response.body().string();
          if (response.code() != 200 || !text.contains("SUCCESS")) {
            throw new IllegalStateException("topic event answered " + response.code() + " " + text);
          }
          return 1;
        });
  }

  /** A trivial AppCallback service on the bridge's gRPC server setup: answers at once. */
  static Server grpcHop(byte[] reply) throws IOException {
    CommonProtos.InvokeResponse invokeReply =
        CommonProtos.InvokeResponse.newBuilder()
            .setData(Any.newBuilder().setValue(ByteString.copyFrom(reply)))
            .setContentType(Fixtures.OCTET_STREAM)
            .build();
    DaprAppCallbackProtos.TopicEventResponse topicReply =
        DaprAppCallbackProtos.TopicEventResponse.newBuilder()
            .setStatus(DaprAppCallbackProtos.TopicEventResponse.TopicEventResponseStatus.SUCCESS)
            .build();
    return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .maxInboundMessageSize(16 << 20)
        .addService(
            new AppCallbackGrpc.AppCallbackImplBase() {
              @Override
              public void onInvoke(
                  CommonProtos.InvokeRequest request,
                  StreamObserver<CommonProtos.InvokeResponse> observer) {
                observer.onNext(invokeReply);
                observer.onCompleted();
              }

              @Override
              public void onTopicEvent(
                  DaprAppCallbackProtos.TopicEventRequest request,
                  StreamObserver<DaprAppCallbackProtos.TopicEventResponse> observer) {
                observer.onNext(topicReply);
                observer.onCompleted();
              }

              @Override
              public void listTopicSubscriptions(
                  Empty request,
                  StreamObserver<DaprAppCallbackProtos.ListTopicSubscriptionsResponse> observer) {
                observer.onNext(
                    DaprAppCallbackProtos.ListTopicSubscriptionsResponse.getDefaultInstance());
                observer.onCompleted();
              }
            })
        .build()
        .start();
  }

  /**
   * The host the HTTP app channel runs on, answering at once: the topic status on the route, else
   * the bytes.
   */
  static JdkHttpHost httpHop(byte[] reply) throws IOException {
    byte[] success = "{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.US_ASCII);
    return JdkHttpHost.start(
        JdkHttpHost.Settings.defaults(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "bench-http-hop"),
        exchange -> {
          try (exchange) {
            JdkHttpHost.readBody(exchange, 16 << 20);
            boolean topic = exchange.getRequestURI().getPath().equals(Fixtures.ROUTE);
            byte[] answer = topic ? success : reply;
            exchange
                .getResponseHeaders()
                .set("Content-Type", topic ? "application/json" : Fixtures.OCTET_STREAM);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          }
        });
  }

  /**
   * A Compute that answers at once, on the caller's thread: what the bridge costs with nothing
   * behind it. Only what the bridge calls is served.
   */
  static final class InstantCompute implements Compute {
    private final CompletableFuture<InvokeResponse> reply;
    private final CompletableFuture<TopicEventResponse> success =
        CompletableFuture.completedFuture(TopicEventResponse.success());

    InstantCompute(byte[] reply) {
      this.reply =
          CompletableFuture.completedFuture(
              InvokeResponse.ok(Payload.wrap(reply), Fixtures.OCTET_STREAM));
    }

    @Override
    public InitReport init(ComponentMetadata metadata) {
      throw new UnsupportedOperationException("ready as it is");
    }

    @Override
    public Set<Feature> features() {
      return Set.of();
    }

    @Override
    public CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options) {
      return reply;
    }

    @Override
    public CompletableFuture<TopicEventResponse> onTopicEvent(
        TopicEventRequest event, CallOptions options) {
      return success;
    }

    @Override
    public CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(
        BulkTopicEventRequest batch, CallOptions options) {
      return CompletableFuture.completedFuture(
          BulkTopicEventResponse.all(batch, TopicEventStatus.SUCCESS, "", null));
    }

    @Override
    public CompletableFuture<BindingEventResponse> onBindingEvent(
        BindingEventRequest event, CallOptions options) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("no bindings"));
    }

    @Override
    public CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options) {
      return CompletableFuture.completedFuture(
          List.of(TopicSubscription.of(Fixtures.PUBSUB, Fixtures.TOPIC, Fixtures.ROUTE)));
    }

    @Override
    public CompletableFuture<List<String>> listInputBindings(CallOptions options) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void close() {
      // nothing to release
    }
  }

  // ------------------------------------------------------------------ 4: memory

  /**
   * The bytes allocated per call (every thread but the server's) when {@code direction} ({@code
   * request}, {@code reply} or {@code both}) carries {@code size} bytes, through compute.http or
   * compute.aws.lambda, and the same exchange with raw OkHttp ({@code execute}, the answer read
   * into a byte array).
   */
  static Spec allocation(
      String platform, String direction, int size, int callsPerRound, int warmupCalls) {
    String component = platform.equals("http") ? "compute.http" : "compute.aws.lambda";
    int out = direction.equals("reply") ? 0 : size;
    int back = direction.equals("request") ? 0 : size;
    double payload = out + back;
    List<String> allocated = List.of("allocated");
    Value perPayload = (round, metric) -> round.get(component, metric) / payload;
    Value rawPerPayload = (round, metric) -> round.get("okhttp-sync", metric) / payload;
    long maxBody = platform.equals("http") ? Math.max(4L << 20, size + 1024L) : 6_000_000L;
    return new Spec(
        "memory/" + platform + "/" + direction + "/" + size(size),
        "4 memory",
        Kind.ALLOCATION,
        callsPerRound,
        warmupCalls,
        ALLOCATION_JVM,
        () -> new InvokeScenario(out, back, maxBody, Set.of("okhttp-sync", component)),
        List.of(
            new Figure(
                component + " bytes allocated",
                "payload (" + (long) payload + " bytes)",
                allocated,
                perPayload,
                size >= MIB ? "at most 3" : ""),
            new Figure(
                "okhttp-sync bytes allocated",
                "payload (" + (long) payload + " bytes)",
                allocated,
                rawPerPayload,
                ""),
            new Figure(
                component + " bytes allocated",
                "okhttp-sync",
                allocated,
                ratio(component, "okhttp-sync"),
                "")));
  }

  // ------------------------------------------------------------------ 5: the function side

  /**
   * {@link FunctionHttpServer} with the real function side ({@link FunctionRouter}, every token
   * verified by {@link TokenVerifier}) against the same host with a handler that answers as the
   * router does but verifies nothing. 1 KiB invocations with a token, sent with raw OkHttp.
   */
  static Spec functionHost(int inFlight) {
    return new Spec(
        "function/x" + inFlight,
        "5 the function side",
        Kind.LATENCY,
        inFlight,
        0,
        LATENCY_JVM,
        FunctionScenario::new,
        List.of(
            new Figure(
                "host-with-verification",
                "host-without-verification",
                LATENCY_METRICS,
                ratio("host-with-verification", "host-without-verification"),
                "")));
  }

  /** The setup of {@link #functionHost}. */
  static final class FunctionScenario implements Scenario {
    private final FunctionHttpServer verifying;
    private final FunctionHttpServer bare;
    private final OkHttpClient client;
    private final List<Variant> variants;

    FunctionScenario() throws IOException {
      SigningKey key = SigningKey.generateEd25519();
      FunctionHandler echo =
          new FunctionHandler() {
            @Override
            public InvokeResponse onInvoke(InvokeRequest request) {
              return InvokeResponse.ok(request.data(), request.contentType());
            }
          };
      FunctionHttpHandler unverified =
          request ->
              new FunctionHttpResponse(
                  200,
                  Metadata.of(
                      Protocol.MARKER_HEADER,
                      Integer.toString(Protocol.VERSION),
                      "content-type",
                      Fixtures.OCTET_STREAM),
                  request.body());
      client = Fixtures.client();
      verifying =
          FunctionHttpServer.startOnLoopback(
              FunctionRouter.builder(echo)
                  .verifier(
                      TokenVerifier.builder()
                          .publicKeys(key.publicJwkSet())
                          .audience(Fixtures.NAME)
                          .build())
                  .build());
      FunctionHttpServer started = null;
      try {
        started = FunctionHttpServer.startOnLoopback(unverified);
      } finally {
        if (started == null) {
          verifying.close();
          Fixtures.shutdown(client);
        }
      }
      bare = started;
      // As the component sends it: one token, reused until half its lifetime has passed.
      String token =
          new TokenSigner(key, Clock.systemUTC(), Duration.ofHours(1))
              .token(Fixtures.NAME, Fixtures.NAME);
      byte[] body = Fixtures.bytes(KIB);
      variants =
          List.of(
              Variant.async(
                  "host-without-verification",
                  () -> enqueue(client, signed(bare, body, token), KIB)),
              Variant.async(
                  "host-with-verification",
                  () -> enqueue(client, signed(verifying, body, token), KIB)));
    }

    private static Request signed(FunctionHttpServer host, byte[] body, String token) {
      return new Request.Builder()
          .url(host.baseUrl() + "/" + Fixtures.METHOD)
          .post(RequestBody.create(body, OCTET))
          .header(Protocol.AUTHORIZATION, "Bearer " + token)
          .header(Protocol.MARKER_HEADER, Integer.toString(Protocol.VERSION))
          .build();
    }

    @Override
    public List<Variant> variants() {
      return variants;
    }

    @Override
    public void close() {
      verifying.close();
      bare.close();
      Fixtures.shutdown(client);
    }
  }
}
