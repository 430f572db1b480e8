package dev.daprcompute.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
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
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Providers with one deliberate bug each, built like a real provider (a platform whose transport
 * the protocol is built around) so the bug sits where a real one would. The conformance suite must
 * catch each.
 */
final class BrokenProviders {
  private BrokenProviders() {}

  /** Signs the info call (so init passes) but sends every other request without a token. */
  static ComputeProvider sendsNoToken() {
    return provider(request -> request.operation() == Operation.INFO ? request : withHeaders(request,
        request.headers().toBuilder().remove("authorization").remove(Protocol.DAPR_AUTHORIZATION).build()),
        reply -> reply);
  }

  /** Reads a platform 500 as the function answering 200: a topic event is then acknowledged. */
  static ComputeProvider mapsPlatform500ToSuccess() {
    return provider(request -> request, reply -> reply.status() == 500 && !reply.answeredByFunction()
        ? PlatformResponse.of(200, Metadata.of(Protocol.MARKER_HEADER, "1"), Payload.empty())
        : reply);
  }

  /** Sends only the protocol's own headers, dropping call metadata. */
  static ComputeProvider dropsMetadata() {
    return provider(request -> {
      Metadata.Builder kept = Metadata.builder();
      request.headers().forEach((name, value) -> {
        if (Set.of("authorization", "dapr-authorization", "content-type", "dapr-compute-protocol").contains(name)) {
          kept.add(name, value);
        }
      });
      return withHeaders(request, kept.build());
    }, reply -> reply);
  }

  /** Takes a platform 404 for the function's own 404: a topic event is then dropped. */
  static ComputeProvider treatsPlatform404AsDrop() {
    return provider(request -> request, reply -> reply.status() == 404 && !reply.answeredByFunction()
        ? PlatformResponse.of(404, reply.headers().toBuilder().set(Protocol.MARKER_HEADER, "1").build(), reply.body())
        : reply);
  }

  /** Loses the platform's Retry-After. */
  static ComputeProvider ignoresRetryAfter() {
    return provider(request -> request,
        reply -> PlatformResponse.of(reply.status(), reply.headers().toBuilder().remove("retry-after").build(), reply.body()));
  }

  /**
   * Keeps 64 KiB for every request it sends, for as long as the provider lives: the leak a fault
   * soak's heap check must catch.
   */
  static ComputeProvider leaksEveryRequest() {
    java.util.Queue<byte[]> kept = new java.util.concurrent.ConcurrentLinkedQueue<>();
    return provider(request -> {
      kept.add(new byte[64 * 1024]);
      return request;
    }, reply -> reply);
  }

  /**
   * Ignores the marker header: every answer is taken as the function's, the platform's own 404,
   * 401, 429 or 503 included.
   */
  static ComputeProvider ignoresMarker() {
    return provider(request -> request, reply -> reply.answeredByFunction() ? reply
        : PlatformResponse.of(reply.status(), reply.headers().toBuilder().set(Protocol.MARKER_HEADER, "1").build(),
            reply.body()));
  }

  /** Sends every request without its body (the headers, content type included, stay). */
  static ComputeProvider dropsBodies() {
    return provider(request -> new FunctionRequest(request.operation(), request.verb(), request.path(), request.rawQuery(),
        request.headers(), Payload.empty()), reply -> reply);
  }

  /**
   * Ignores the call's deadline ({@link CallOptions}): every call gets the component's default
   * timeout instead, as a provider that never passed the options on would.
   */
  static ComputeProvider ignoresDeadlines() {
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
        return deadlineBlind(sound.create(context));
      }
    };
  }

  /**
   * Signs a new token (a new {@code jti}) for every request, with the same key and claims: valid
   * each time, but the function's replay cache and the signing cost grow with every call.
   */
  static ComputeProvider signsPerRequest() {
    return providerFor(metadata -> {
      SigningKey key = SigningKey.parse(metadata.secret("key").orElseThrow().reveal());
      return request -> resign(request, key);
    }, reply -> reply);
  }

  /** The metadata that turns on asynchronous binding events in the providers below. */
  static final String ASYNC_BINDINGS = "asyncBindings";

  /**
   * Declares asynchronous binding events (metadata {@value #ASYNC_BINDINGS}: {@code true}) and
   * reports every binding event queued, even one the platform failed: a failure lost. (The plain
   * HTTP fake runs the function at once, so what the platform accepted has arrived.)
   */
  static ComputeProvider queuesEvenFailedBindingEvents() {
    return asyncBindings((request, reply) -> request.operation() == Operation.BINDING_EVENT
        ? PlatformResponse.queued("call-" + System.nanoTime()) : reply);
  }

  /** Declares asynchronous binding events, yet hands back the function's reply as if it had waited. */
  static ComputeProvider declaresAsyncBindingsButWaits() {
    return asyncBindings((request, reply) -> reply);
  }

  /** A provider whose components with {@value #ASYNC_BINDINGS} declare the feature and read replies with {@code async}. */
  private static ComputeProvider asyncBindings(BiFunction<FunctionRequest, PlatformResponse, PlatformResponse> async) {
    List<MetadataField> fields = List.of(ENDPOINT,
        MetadataField.optional(ASYNC_BINDINGS, MetadataField.Kind.BOOLEAN, "whether binding events are queued"));
    return platform(fields, (metadata, context) -> metadata.bool(ASYNC_BINDINGS).orElse(false)
        ? new BrokenTransport(metadata, context, Set.of(Feature.ASYNC_BINDING_EVENTS), request -> request, async)
        : new BrokenTransport(metadata, context, Set.of(), request -> request, (request, reply) -> reply));
  }

  private static FunctionRequest resign(FunctionRequest request, SigningKey key) {
    Metadata.Builder headers = request.headers().toBuilder();
    for (String name : List.of("authorization", Protocol.DAPR_AUTHORIZATION)) {
      request.headers().first(name).filter(value -> value.startsWith("Bearer ")).ifPresent(value -> {
        JsonNode claims = claims(value.substring("Bearer ".length()));
        String subject = claims.hasNonNull("sub") ? claims.get("sub").asText() : null;
        // A TokenSigner of its own for each request: nothing is cached, so the token is new.
        headers.set(name, "Bearer " + new TokenSigner(key).token(claims.path("aud").asText(), subject));
      });
    }
    return withHeaders(request, headers.build());
  }

  private static JsonNode claims(String token) {
    try {
      return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FunctionRequest withHeaders(FunctionRequest request, Metadata headers) {
    return new FunctionRequest(request.operation(), request.verb(), request.path(), request.rawQuery(), headers, request.body());
  }

  private static ComputeProvider provider(UnaryOperator<FunctionRequest> outgoing, UnaryOperator<PlatformResponse> incoming) {
    return providerFor(metadata -> outgoing, incoming);
  }

  private static ComputeProvider providerFor(Function<ComponentMetadata, UnaryOperator<FunctionRequest>> outgoingFor,
      UnaryOperator<PlatformResponse> incoming) {
    return platform(List.of(ENDPOINT), (metadata, context) -> new BrokenTransport(metadata, context, Set.of(),
        outgoingFor.apply(metadata), (request, reply) -> incoming.apply(reply)));
  }

  private static final MetadataField ENDPOINT =
      MetadataField.required("endpoint", MetadataField.Kind.URI, "the function's base URL");

  private static ComputeProvider platform(List<MetadataField> fields,
      BiFunction<ComponentMetadata, ComputeContext, PlatformTransport> transport) {
    return ComputeProviders.provider(new PlatformProvider() {
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

  /** {@code compute} with every call's {@link CallOptions} replaced by the defaults. */
  private static Compute deadlineBlind(Compute compute) {
    InvocationHandler handler = (proxy, method, args) -> {
      for (int i = 0; args != null && i < args.length; i++) {
        if (args[i] instanceof CallOptions) {
          args[i] = CallOptions.defaults();
        }
      }
      try {
        return method.invoke(compute, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Compute) Proxy.newProxyInstance(Compute.class.getClassLoader(), new Class<?>[] {Compute.class}, handler);
  }

  private static final class BrokenTransport implements PlatformTransport {
    private final HttpUrl base;
    private final OkHttpClient client;
    private final Set<Feature> features;
    private final UnaryOperator<FunctionRequest> outgoing;
    private final BiFunction<FunctionRequest, PlatformResponse, PlatformResponse> incoming;

    BrokenTransport(ComponentMetadata metadata, ComputeContext context, Set<Feature> features,
        UnaryOperator<FunctionRequest> outgoing, BiFunction<FunctionRequest, PlatformResponse, PlatformResponse> incoming) {
      this.base = HttpUrl.get(metadata.requireString("endpoint"));
      this.client = context.httpClient();
      this.features = features;
      this.outgoing = outgoing;
      this.incoming = incoming;
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
      return HttpRequests.below(base, outgoing.apply(request)).build();
    }

    @Override
    public PlatformResponse fromHttpResponse(FunctionRequest request, int status, Metadata headers, Payload body) {
      return incoming.apply(request, PlatformResponse.of(status, headers, body));
    }

    @Override
    public Set<Feature> features() {
      return features;
    }
  }
}
