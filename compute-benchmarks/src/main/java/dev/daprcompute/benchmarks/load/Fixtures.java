package dev.daprcompute.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What the scenarios share: the function a {@link RawHttpServer} plays (over plain HTTP and behind
 * the Lambda Invoke API), the components that call it, and the HTTP client. Every component is made
 * through {@link ComputeProviders}, as a runtime makes it.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The component's name, the token's audience and the app ID. */
  public static final String NAME = "bench";

  /** The Lambda function's name. */
  public static final String LAMBDA_FUNCTION = "bench-fn";

  /** The invocation's method: {@code POST /orders}. */
  public static final String METHOD = "orders";

  /** The topic and the route its events are posted to. */
  public static final String TOPIC = "orders-topic";

  public static final String PUBSUB = "pubsub";
  public static final String ROUTE = "/orders-topic";
  public static final String OCTET_STREAM = "application/octet-stream";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INVOKE_API = "/2015-03-31/functions/" + LAMBDA_FUNCTION;

  /** {@code size} bytes that are the same in every run, and not all zeros. */
  public static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(size).nextBytes(bytes);
    return bytes;
  }

  /**
   * An HTTP client for the whole run, as a runtime shares one: the dispatcher may run 256 calls at
   * once, to one host too, so its own queue never holds a call of the raw asynchronous baseline
   * (the components make their own dispatcher on the same pool). Its sockets have {@code
   * TCP_NODELAY}, as Go's (daprd's) have by default: with Nagle's algorithm on (OkHttp's default)
   * the last segment of a large body waits for the server's delayed ACK, and 1 MiB calls on
   * loopback stall about 40 ms now and then, for every variant alike, which would bury the figures
   * in noise (docs/benchmarks.md lists it as a finding).
   */
  public static OkHttpClient client() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .socketFactory(new NoDelaySocketFactory())
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .callTimeout(0, TimeUnit.MILLISECONDS)
        .readTimeout(60, TimeUnit.SECONDS)
        .writeTimeout(60, TimeUnit.SECONDS)
        .build();
  }

  /** Plain sockets with {@code TCP_NODELAY} set before they connect. */
  static final class NoDelaySocketFactory extends SocketFactory {
    @Override
    public Socket createSocket() throws IOException {
      Socket socket = new Socket();
      socket.setTcpNoDelay(true);
      return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return connected(
          new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return connected(
          new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, @Nullable InetSocketAddress local)
        throws IOException {
      Socket socket = createSocket();
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    }
  }

  /** Shuts down what {@link #client()} started. */
  public static void shutdown(OkHttpClient client) {
    client.dispatcher().executorService().shutdownNow();
    client.connectionPool().evictAll();
  }

  /**
   * The function, answering at once with prepared bytes: over plain HTTP at {@code /} (the protocol
   * of {@code compute.http}: the info document, the subscriptions, a topic status, and {@code
   * replySize} bytes to any other call), and behind the Lambda Invoke API at {@code
   * /2015-03-31/functions/bench-fn/...} (DryRun, GetFunctionConfiguration, and the same answers as
   * v2.0 response objects, the bytes in base64).
   */
  public static RawHttpServer.Responder function(int replySize) {
    String marker = Protocol.MARKER_HEADER;
    String version = Integer.toString(Protocol.VERSION);
    byte[] info =
        WireFormat.writeInfo(
            new InfoDocument(Protocol.VERSION, "1.0.0", "bench", List.of(), List.of()));
    byte[] subscriptions =
        WireFormat.writeSubscriptions(List.of(TopicSubscription.of(PUBSUB, TOPIC, ROUTE)));
    byte[] success = "{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.US_ASCII);
    byte[] reply = bytes(replySize);

    byte[] infoAnswer =
        RawHttpServer.answer(200, info, marker, version, "Content-Type", "application/json");
    byte[] subscriptionsAnswer =
        RawHttpServer.answer(
            200, subscriptions, marker, version, "Content-Type", "application/json");
    byte[] successAnswer =
        RawHttpServer.answer(200, success, marker, version, "Content-Type", "application/json");
    byte[] invokeAnswer =
        RawHttpServer.answer(200, reply, marker, version, "Content-Type", OCTET_STREAM);

    byte[] dryRun = RawHttpServer.answer(204, new byte[0]);
    byte[] configuration =
        RawHttpServer.answer(
            200,
            "{\"FunctionName\":\"bench-fn\",\"State\":\"Active\",\"LastUpdateStatus\":\"Successful\",\"Version\":\"$LATEST\"}"
                .getBytes(StandardCharsets.US_ASCII),
            "Content-Type",
            "application/json");
    byte[] lambdaInfo = lambdaAnswer(info, "application/json", false);
    byte[] lambdaSubscriptions = lambdaAnswer(subscriptions, "application/json", false);
    byte[] lambdaSuccess = lambdaAnswer(success, "application/json", false);
    byte[] lambdaInvoke = lambdaAnswer(reply, OCTET_STREAM, true);
    byte[] notFound = RawHttpServer.answer(404, new byte[0]);

    return head -> {
      String target = head.target();
      if (target.startsWith(INVOKE_API)) {
        if (target.startsWith(INVOKE_API + "/configuration")) {
          return configuration;
        }
        if ("DryRun".equals(head.header("x-amz-invocation-type"))) {
          return dryRun;
        }
        String event = head.bodyPrefix();
        if (event.contains("\"rawPath\":\"" + Protocol.INFO_PATH + "\"")) {
          return lambdaInfo;
        }
        if (event.contains("\"rawPath\":\"" + Protocol.SUBSCRIBE_PATH + "\"")) {
          return lambdaSubscriptions;
        }
        if (event.contains("\"rawPath\":\"" + ROUTE + "\"")) {
          return lambdaSuccess;
        }
        return lambdaInvoke;
      }
      if (target.equals(Protocol.INFO_PATH)) {
        return infoAnswer;
      }
      if (target.equals(Protocol.SUBSCRIBE_PATH)) {
        return subscriptionsAnswer;
      }
      if (target.equals(ROUTE)) {
        return successAnswer;
      }
      return target.startsWith("/" + METHOD) ? invokeAnswer : notFound;
    };
  }

  /** The Invoke API's 200: the function's v2.0 response object. */
  private static byte[] lambdaAnswer(byte[] body, String contentType, boolean base64) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("statusCode", 200);
    answer
        .putObject("headers")
        .put(
            Protocol.MARKER_HEADER.toLowerCase(java.util.Locale.ROOT),
            Integer.toString(Protocol.VERSION))
        .put("content-type", contentType);
    answer.put(
        "body",
        base64
            ? Base64.getEncoder().encodeToString(body)
            : new String(body, StandardCharsets.UTF_8));
    answer.put("isBase64Encoded", base64);
    try {
      return RawHttpServer.answer(
          200,
          JSON.writeValueAsBytes(answer),
          "Content-Type",
          "application/json",
          "X-Amz-Executed-Version",
          "$LATEST");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code compute.http} component to {@code baseUrl}, initialised. */
  public static Compute computeHttp(
      OkHttpClient client, String baseUrl, SigningKey key, long maxBodySize) {
    return open(
        client,
        ComponentMetadata.builder(NAME, "compute.http")
            .put("endpoint", baseUrl)
            .putSecret("key", key.privateKeyPem())
            .put("audience", NAME)
            .put("maxBodySize", Long.toString(maxBodySize))
            .build());
  }

  /**
   * A {@code compute.aws.lambda} component (mode invoke: SigV4 and the v2.0 envelope) whose Lambda
   * API endpoint is {@code baseUrl}, initialised.
   */
  public static Compute lambda(
      OkHttpClient client, String baseUrl, SigningKey key, long maxBodySize) {
    return open(
        client,
        ComponentMetadata.builder(NAME, "compute.aws.lambda")
            .put("functionName", LAMBDA_FUNCTION)
            .put("region", "us-east-1")
            .put("endpoint", baseUrl)
            .putSecret("accessKey", "AKIABENCHMARK0000000")
            .putSecret("secretKey", "benchmark-secret-not-a-real-key")
            .putSecret("key", key.privateKeyPem())
            .put("audience", NAME)
            .put("maxBodySize", Long.toString(maxBodySize))
            .build());
  }

  private static Compute open(OkHttpClient client, ComponentMetadata metadata) {
    Compute compute =
        ComputeProviders.load()
            .select(metadata.type(), metadata.version())
            .create(new ComputeContext(client, Clock.systemUTC(), NAME));
    try {
      compute.init(metadata);
    } catch (RuntimeException e) {
      compute.close();
      throw e;
    }
    return compute;
  }
}
