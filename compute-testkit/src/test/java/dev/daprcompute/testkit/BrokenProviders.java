package dev.daprcompute.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.wire.Marker;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Providers with one deliberate bug each, built like a real provider (a platform whose transport
 * the protocol is built around) so the bug sits where a real one would; the few bugs a transport
 * cannot make (it never sees them) sit in a provider that wraps the component, as a hand-written
 * one would. The conformance suite must catch each ({@link ConformanceSuiteSelfTest}), the fault
 * soak some ({@link FaultSoakSelfTest}).
 */
final class BrokenProviders {
  private BrokenProviders() {}

  // ------------------------------------------------------------------------------ the token

  /** Signs the info call (so init passes) but sends every other request without a token. */
  static ComputeProvider sendsNoToken() {
    return provider(
        request ->
            request.operation() == Operation.INFO
                ? request
                : withHeaders(
                    request,
                    request.headers().toBuilder()
                        .remove("authorization")
                        .remove(Protocol.DAPR_AUTHORIZATION)
                        .build()),
        reply -> reply);
  }

  /**
   * Signs a new token (a new {@code jti}) for every request, with the same key and claims: valid
   * each time, but the function's replay cache and the signing cost grow with every call.
   */
  static ComputeProvider signsPerRequest() {
    return resigning(claims -> claims.hasNonNull("sub") ? claims.get("sub").asText() : null);
  }

  /**
   * Signs its own tokens, valid, but without the app ID ({@code sub}) the function may authorise
   * by.
   */
  static ComputeProvider signsWithoutTheAppId() {
    return resigning(claims -> null);
  }

  /** Keeps the first token it sent and sends it on every later request, however old it gets. */
  static ComputeProvider reusesTheFirstToken() {
    return platform(
        (metadata, context) ->
            new BrokenTransport(metadata, context) {
              private final AtomicReference<@Nullable String> first = new AtomicReference<>();

              @Override
              FunctionRequest outgoing(FunctionRequest request) {
                String token = request.headers().first("authorization").orElseThrow();
                first.compareAndSet(null, token);
                return request.withHeader("authorization", first.get());
              }
            });
  }

  /**
   * Declares that its platform uses {@code Authorization} itself, though it leaves it free: the
   * token then travels in {@code Dapr-Authorization}, where the platform's front end may strip it.
   */
  static ComputeProvider occupiesAuthorization() {
    return platform(
        (metadata, context) ->
            new BrokenTransport(metadata, context) {
              @Override
              public boolean occupiesAuthorizationHeader() {
                return true;
              }
            });
  }

  // ------------------------------------------------------------------------------ requests

  /** Sends only the protocol's own headers, dropping call metadata. */
  static ComputeProvider dropsMetadata() {
    return provider(
        request -> {
          Metadata.Builder kept = Metadata.builder();
          request
              .headers()
              .forEach(
                  (name, value) -> {
                    if (Set.of(
                            "authorization",
                            "dapr-authorization",
                            "content-type",
                            "dapr-compute-protocol")
                        .contains(name)) {
                      kept.add(name, value);
                    }
                  });
          return withHeaders(request, kept.build());
        },
        reply -> reply);
  }

  /** Sends every request without its body (the headers, content type included, stay). */
  static ComputeProvider dropsBodies() {
    return provider(
        request ->
            new FunctionRequest(
                request.operation(),
                request.verb(),
                request.path(),
                request.rawQuery(),
                request.headers(),
                Payload.empty()),
        reply -> reply);
  }

  /** Drops the protocol's version header ({@code Dapr-Compute-Protocol}) from every request. */
  static ComputeProvider dropsTheProtocolHeader() {
    return provider(
        request ->
            withHeaders(
                request, request.headers().toBuilder().remove(Protocol.MARKER_HEADER).build()),
        reply -> reply);
  }

  /**
   * Authenticates to the function with daprd's app API token, as a provider that reused the
   * sidecar's would.
   */
  static ComputeProvider sendsTheAppApiToken() {
    return provider(
        request -> request.withHeader("dapr-api-token", "the-sidecars-app-api-token"),
        reply -> reply);
  }

  /**
   * Sends PUT, PATCH, DELETE and OPTIONS as POST with {@code X-HTTP-Method-Override}, as for a
   * front end that takes only GET and POST: the function sees a POST.
   */
  static ComputeProvider tunnelsVerbsAsPost() {
    return provider(
        request ->
            Set.of("PUT", "PATCH", "DELETE", "OPTIONS").contains(request.verb())
                ? new FunctionRequest(
                    request.operation(),
                    "POST",
                    request.path(),
                    request.rawQuery(),
                    request.headers().toBuilder()
                        .set("x-http-method-override", request.verb())
                        .build(),
                    request.body())
                : request,
        reply -> reply);
  }

  /**
   * Carries bodies both ways as UTF-8 text, as an envelope with a string body would: binary bodies
   * break.
   */
  static ComputeProvider treatsBodiesAsText() {
    return provider(
        request ->
            new FunctionRequest(
                request.operation(),
                request.verb(),
                request.path(),
                request.rawQuery(),
                request.headers(),
                asText(request.body())),
        reply ->
            new PlatformResponse(
                reply.status(),
                reply.headers(),
                asText(reply.body()),
                reply.platformError(),
                reply.queuedAs()));
  }

  /**
   * Cleans an invocation itself instead of leaving it to the component, which would refuse what
   * cannot be sent: drops every {@code ./} and {@code ../} from the method (so a climb above the
   * base URL is sent, and {@code x/./y/../../echo} becomes {@code x/y/echo}) and turns CR and LF in
   * metadata into spaces.
   */
  static ComputeProvider cleansInvocationsItself() {
    return rewritingArguments(
        argument -> {
          if (!(argument instanceof InvokeRequest r)) {
            return argument;
          }
          Metadata.Builder metadata = Metadata.builder();
          r.metadata()
              .forEach(
                  (name, value) -> metadata.add(name, value.replace('\r', ' ').replace('\n', ' ')));
          return new InvokeRequest(
              r.method().replace("../", "").replace("./", ""),
              r.data(),
              r.contentType(),
              r.verb(),
              r.queryString(),
              metadata.build());
        });
  }

  /**
   * Rebuilds the component's metadata from the fields it knows (its own, {@code key}, {@code
   * audience} and a few more), losing {@code minVersion} and {@code maxBodySize}.
   */
  static ComputeProvider losesCommonFields() {
    Set<String> lost = Set.of("minVersion", "maxBodySize");
    return rewritingArguments(
        argument ->
            argument instanceof ComponentMetadata metadata ? without(metadata, lost) : argument);
  }

  /**
   * Ignores the call's deadline ({@link CallOptions}): every call gets the component's default
   * timeout instead, as a provider that never passed the options on would.
   */
  static ComputeProvider ignoresDeadlines() {
    return rewritingArguments(
        argument -> argument instanceof CallOptions ? CallOptions.defaults() : argument);
  }

  /**
   * Brings an HTTP client with a judgement of its own, as an SDK's interceptor would: it follows
   * redirects, re-sends a request answered 503 once, and gives up reading after 300 ms.
   */
  static ComputeProvider judgesLikeAnHttpClient() {
    Interceptor judging =
        chain -> {
          Interceptor.Chain timed = chain.withReadTimeout(300, TimeUnit.MILLISECONDS);
          Response response = timed.proceed(chain.request());
          String location = response.header("Location");
          if (response.isRedirect() && location != null) {
            response.close();
            return timed.proceed(
                chain.request().newBuilder().url(chain.request().url().resolve(location)).build());
          }
          if (response.code() == 503) {
            response.close();
            return timed.proceed(chain.request());
          }
          return response;
        };
    return platform(
        (metadata, context) ->
            new BrokenTransport(metadata, context) {
              @Override
              public OkHttpClient httpClient() {
                return super.httpClient().newBuilder().addInterceptor(judging).build();
              }
            });
  }

  /**
   * Keeps 64 KiB for every request it sends, for as long as the provider lives: the leak a fault
   * soak's heap check must catch.
   */
  static ComputeProvider leaksEveryRequest() {
    Queue<byte[]> kept = new ConcurrentLinkedQueue<>();
    return provider(
        request -> {
          kept.add(new byte[64 * 1024]);
          return request;
        },
        reply -> reply);
  }

  // ------------------------------------------------------------------------------ replies

  /** Reads a platform 500 as the function answering 200: a topic event is then acknowledged. */
  static ComputeProvider mapsPlatform500ToSuccess() {
    return provider(
        request -> request,
        reply ->
            reply.status() == 500 && !reply.answeredByFunction()
                ? PlatformResponse.of(
                    200, Metadata.of(Protocol.MARKER_HEADER, Marker.VALUE), Payload.empty())
                : reply);
  }

  /** Takes a platform 404 for the function's own 404: a topic event is then dropped. */
  static ComputeProvider treatsPlatform404AsDrop() {
    return provider(
        request -> request,
        reply ->
            reply.status() == 404 && !reply.answeredByFunction()
                ? PlatformResponse.of(
                    404,
                    reply.headers().toBuilder().set(Protocol.MARKER_HEADER, Marker.VALUE).build(),
                    reply.body())
                : reply);
  }

  /** Loses the platform's Retry-After. */
  static ComputeProvider ignoresRetryAfter() {
    return provider(
        request -> request,
        reply ->
            PlatformResponse.of(
                reply.status(),
                reply.headers().toBuilder().remove("retry-after").build(),
                reply.body()));
  }

  /**
   * Ignores the marker header: every answer is taken as the function's, the platform's own 404,
   * 401, 429 or 503 included.
   */
  static ComputeProvider ignoresMarker() {
    return provider(
        request -> request,
        reply ->
            reply.answeredByFunction()
                ? reply
                : PlatformResponse.of(
                    reply.status(),
                    reply.headers().toBuilder().set(Protocol.MARKER_HEADER, Marker.VALUE).build(),
                    reply.body()));
  }

  /**
   * Reads every failure of the platform's as "not deployed", a cold start or a timeout included.
   */
  static ComputeProvider readsEveryPlatformErrorAsNotDeployed() {
    return provider(
        request -> request,
        reply ->
            reply.status() >= 400 && !reply.answeredByFunction()
                ? new PlatformResponse(
                    reply.status(),
                    reply.headers(),
                    reply.body(),
                    new PlatformResponse.PlatformError(
                        Reason.NOT_DEPLOYED, "NotFound", "the function is not deployed"))
                : reply);
  }

  /**
   * Returns the function's body but not its status, as an envelope that drops it would: every
   * answer is a 200.
   */
  static ComputeProvider losesTheFunctionsStatus() {
    return provider(
        request -> request,
        reply ->
            reply.answeredByFunction() && reply.status() != 200
                ? PlatformResponse.of(200, reply.headers(), reply.body())
                : reply);
  }

  /**
   * Judges the function's body: a 2xx answer that is not one JSON value is taken for a platform
   * error, as an envelope that parses every answer would.
   */
  static ComputeProvider judgesTheFunctionsBody() {
    return provider(
        request -> request,
        reply ->
            reply.answeredByFunction() && reply.status() / 100 == 2 && !isOneJsonValue(reply.body())
                ? new PlatformResponse(
                    reply.status(),
                    reply.headers(),
                    reply.body(),
                    new PlatformResponse.PlatformError(
                        Reason.PLATFORM_ERROR,
                        "InvalidResponse",
                        "the function's answer is not JSON"))
                : reply);
  }

  /**
   * Answers the info call and the subscription list from what it knows of the function (as a
   * provider that read them from the platform's configuration would), after a probe that the
   * function answers at all: init then proves nothing about the function.
   */
  static ComputeProvider answersForTheFunction() {
    byte[] info =
        WireFormat.writeInfo(
            new InfoDocument(Protocol.VERSION, "0.0.1", "the platform", List.of(), List.of()));
    return platform(
        (metadata, context) ->
            new BrokenTransport(metadata, context) {
              @Override
              public Request toHttpRequest(FunctionRequest request) {
                return answeredHere(request)
                    ? HttpRequests.below(
                            base,
                            new FunctionRequest(
                                request.operation(),
                                "HEAD",
                                "/",
                                "",
                                request.headers(),
                                Payload.empty()))
                        .build()
                    : super.toHttpRequest(request);
              }

              @Override
              public PlatformResponse fromHttpResponse(
                  FunctionRequest request, int status, Metadata headers, Payload body) {
                if (!answeredHere(request)) {
                  return super.fromHttpResponse(request, status, headers, body);
                }
                Payload document =
                    request.operation() == Operation.INFO
                        ? Payload.wrap(info)
                        : Payload.ofUtf8("[]");
                return PlatformResponse.of(
                    200,
                    Marker.set(Metadata.builder()).set("content-type", Protocol.JSON).build(),
                    document);
              }

              private boolean answeredHere(FunctionRequest request) {
                return request.operation() == Operation.INFO
                    || request.operation() == Operation.SUBSCRIPTIONS;
              }
            });
  }

  // ------------------------------------------------------------------------------ features

  /** Declares {@code bulkTopicEvents} for every function, as if it were the platform's to say. */
  static ComputeProvider claimsBulkForTheFunction() {
    return platform(
        (metadata, context) ->
            new BrokenTransport(metadata, context) {
              @Override
              public Set<Feature> features() {
                return Set.of(Feature.BULK_TOPIC_EVENTS);
              }
            });
  }

  /** Declares platform checks, yet runs none. */
  static ComputeProvider declaresPlatformChecksButRunsNone() {
    return platform(
        (metadata, context) ->
            new BrokenTransport(metadata, context) {
              @Override
              public Set<Feature> features() {
                return Set.of(Feature.PLATFORM_CHECKS);
              }
            });
  }

  /** The metadata that turns on asynchronous binding events in the providers below. */
  static final String ASYNC_BINDINGS = "asyncBindings";

  /**
   * Declares asynchronous binding events (metadata {@value #ASYNC_BINDINGS}: {@code true}) and
   * reports every binding event queued, even one the platform failed: a failure lost. (The plain
   * HTTP fake runs the function at once, so what the platform accepted has arrived.)
   */
  static ComputeProvider queuesEvenFailedBindingEvents() {
    return asyncBindings(
        (request, reply) ->
            request.operation() == Operation.BINDING_EVENT
                ? PlatformResponse.queued("call-" + System.nanoTime())
                : reply);
  }

  /**
   * Declares asynchronous binding events, yet hands back the function's reply as if it had waited.
   */
  static ComputeProvider declaresAsyncBindingsButWaits() {
    return asyncBindings((request, reply) -> reply);
  }

  /** With asynchronous binding events, reports every request queued but init's info call. */
  static ComputeProvider queuesEveryRequest() {
    return asyncBindings(
        (request, reply) ->
            request.operation() != Operation.INFO && reply.answeredByFunction()
                ? PlatformResponse.queued("call-" + System.nanoTime())
                : reply);
  }

  // ------------------------------------------------------------------------------ building them

  private static final MetadataField ENDPOINT =
      MetadataField.required("endpoint", MetadataField.Kind.URI, "the function's base URL");

  /**
   * A transport that sends requests as the component made them and hands replies back as they came;
   * bugs override it.
   */
  private static class BrokenTransport implements PlatformTransport {
    final HttpUrl base;
    private final OkHttpClient client;

    BrokenTransport(ComponentMetadata metadata, ComputeContext context) {
      this.base = HttpUrl.get(metadata.requireString("endpoint"));
      this.client = context.httpClient();
    }

    /** The request as sent. */
    FunctionRequest outgoing(FunctionRequest request) {
      return request;
    }

    /** The reply as read. */
    PlatformResponse incoming(FunctionRequest request, PlatformResponse reply) {
      return reply;
    }

    @Override
    public String platformName() {
      return "a broken transport";
    }

    @Override
    public String functionName() {
      return base.toString();
    }

    @Override
    public OkHttpClient httpClient() {
      return client;
    }

    @Override
    public Request toHttpRequest(FunctionRequest request) {
      return HttpRequests.below(base, outgoing(request)).build();
    }

    @Override
    public PlatformResponse fromHttpResponse(
        FunctionRequest request, int status, Metadata headers, Payload body) {
      return incoming(request, PlatformResponse.of(status, headers, body));
    }
  }

  private static ComputeProvider provider(
      UnaryOperator<FunctionRequest> outgoing, UnaryOperator<PlatformResponse> incoming) {
    return platform(
        (metadata, context) ->
            new BrokenTransport(metadata, context) {
              @Override
              FunctionRequest outgoing(FunctionRequest request) {
                return outgoing.apply(request);
              }

              @Override
              PlatformResponse incoming(FunctionRequest request, PlatformResponse reply) {
                return incoming.apply(reply);
              }
            });
  }

  private static ComputeProvider platform(
      BiFunction<ComponentMetadata, ComputeContext, PlatformTransport> transport) {
    return platform(List.of(ENDPOINT), transport);
  }

  private static ComputeProvider platform(
      List<MetadataField> fields,
      BiFunction<ComponentMetadata, ComputeContext, PlatformTransport> transport) {
    return ComputeProviders.provider(
        new PlatformProvider() {
          @Override
          public String type() {
            return "compute.http";
          }

          @Override
          public List<MetadataField> fields() {
            return fields;
          }

          @Override
          public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
            return transport.apply(metadata, context);
          }
        });
  }

  /**
   * A provider whose components with {@value #ASYNC_BINDINGS} declare the feature and read replies
   * with {@code async}.
   */
  private static ComputeProvider asyncBindings(
      BiFunction<FunctionRequest, PlatformResponse, PlatformResponse> async) {
    List<MetadataField> fields =
        List.of(
            ENDPOINT,
            MetadataField.optional(
                ASYNC_BINDINGS, MetadataField.Kind.BOOLEAN, "whether binding events are queued"));
    return platform(
        fields,
        (metadata, context) -> {
          boolean on = metadata.bool(ASYNC_BINDINGS).orElse(false);
          return new BrokenTransport(metadata, context) {
            @Override
            PlatformResponse incoming(FunctionRequest request, PlatformResponse reply) {
              return on ? async.apply(request, reply) : reply;
            }

            @Override
            public Set<Feature> features() {
              return on ? Set.of(Feature.ASYNC_BINDING_EVENTS) : Set.of();
            }
          };
        });
  }

  /**
   * A sound provider whose tokens are replaced by new ones, with the subject {@code subject} gives.
   */
  private static ComputeProvider resigning(Function<JsonNode, @Nullable String> subject) {
    return platform(
        (metadata, context) -> {
          SigningKey key = SigningKey.parse(metadata.secret("key").orElseThrow().reveal());
          return new BrokenTransport(metadata, context) {
            @Override
            FunctionRequest outgoing(FunctionRequest request) {
              Metadata.Builder headers = request.headers().toBuilder();
              for (String name : List.of("authorization", Protocol.DAPR_AUTHORIZATION)) {
                request
                    .headers()
                    .first(name)
                    .filter(value -> value.startsWith("Bearer "))
                    .ifPresent(
                        value -> {
                          JsonNode claims = claims(value.substring("Bearer ".length()));
                          // A TokenSigner of its own for each request: nothing is cached, so the
                          // token is new.
                          headers.set(
                              name,
                              "Bearer "
                                  + new TokenSigner(key)
                                      .token(claims.path("aud").asText(), subject.apply(claims)));
                        });
              }
              return withHeaders(request, headers.build());
            }
          };
        });
  }

  /**
   * A sound provider whose components see every argument through {@code rewrite} (a component's
   * metadata at init, an invocation, call options), as a hand-written {@code Compute} in front of
   * the protocol's would.
   */
  private static ComputeProvider rewritingArguments(UnaryOperator<Object> rewrite) {
    ComputeProvider sound = provider(request -> request, reply -> reply);
    return new ComputeProvider() {
      @Override
      public String type() {
        return sound.type();
      }

      @Override
      public List<MetadataField> metadataFields() {
        return sound.metadataFields();
      }

      @Override
      public Compute create(ComputeContext context) {
        Compute compute = sound.create(context);
        InvocationHandler handler =
            (proxy, method, args) -> {
              for (int i = 0; args != null && i < args.length; i++) {
                args[i] = rewrite.apply(args[i]);
              }
              try {
                return method.invoke(compute, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            };
        return (Compute)
            Proxy.newProxyInstance(
                Compute.class.getClassLoader(), new Class<?>[] {Compute.class}, handler);
      }
    };
  }

  private static ComponentMetadata without(ComponentMetadata metadata, Set<String> lost) {
    ComponentMetadata.Builder kept =
        ComponentMetadata.builder(metadata.name(), metadata.type()).version(metadata.version());
    metadata.initTimeoutIfSet().ifPresent(kept::initTimeout);
    for (String field : metadata.fieldNames()) {
      if (lost.contains(field)) {
        continue;
      }
      if (metadata.isSecret(field)) {
        kept.putSecret(field, metadata.secret(field).orElseThrow().reveal());
      } else {
        kept.put(field, metadata.string(field).orElseThrow());
      }
    }
    return kept.build();
  }

  private static Payload asText(Payload body) {
    return Payload.ofUtf8(new String(body.toByteArray(), StandardCharsets.UTF_8));
  }

  private static boolean isOneJsonValue(Payload body) {
    try {
      return !body.isEmpty()
          && Json.MAPPER
                  .readerFor(JsonNode.class)
                  .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                  .readValue(body.unsafeArray())
              != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static JsonNode claims(String token) {
    try {
      return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FunctionRequest withHeaders(FunctionRequest request, Metadata headers) {
    return new FunctionRequest(
        request.operation(),
        request.verb(),
        request.path(),
        request.rawQuery(),
        headers,
        request.body());
  }
}
