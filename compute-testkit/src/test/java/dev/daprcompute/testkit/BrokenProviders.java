package dev.daprcompute.testkit;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.protocol.FunctionCompute;
import dev.daprcompute.api.protocol.FunctionRequest;
import dev.daprcompute.api.protocol.HttpRequests;
import dev.daprcompute.api.protocol.Operation;
import dev.daprcompute.api.protocol.PlatformResponse;
import dev.daprcompute.api.protocol.PlatformTransport;
import dev.daprcompute.api.protocol.Protocol;
import dev.daprcompute.api.protocol.ProtocolSettings;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Providers with one deliberate bug each, built like a real provider (FunctionCompute over a
 * transport) so the bug sits where a real one would. The conformance suite must catch each.
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

  private static FunctionRequest withHeaders(FunctionRequest request, Metadata headers) {
    return new FunctionRequest(request.operation(), request.verb(), request.path(), request.rawQuery(), headers, request.body());
  }

  private static ComputeProvider provider(UnaryOperator<FunctionRequest> outgoing, UnaryOperator<PlatformResponse> incoming) {
    List<MetadataField> fields = ProtocolSettings.fieldsWith(
        List.of(MetadataField.required("endpoint", MetadataField.Kind.URI, "the function's base URL")));
    return new ComputeProvider() {
      @Override
      public String type() {
        return "compute.http";
      }

      @Override
      public List<MetadataField> metadataFields() {
        return fields;
      }

      @Override
      public Compute create(ComputeContext context) {
        return new FunctionCompute(context, fields, (metadata, ctx) -> new BrokenTransport(metadata, ctx, outgoing, incoming));
      }
    };
  }

  private static final class BrokenTransport implements PlatformTransport {
    private final HttpUrl base;
    private final OkHttpClient client;
    private final UnaryOperator<FunctionRequest> outgoing;
    private final UnaryOperator<PlatformResponse> incoming;

    BrokenTransport(ComponentMetadata metadata, ComputeContext context, UnaryOperator<FunctionRequest> outgoing,
        UnaryOperator<PlatformResponse> incoming) {
      this.base = HttpUrl.get(metadata.requireString("endpoint"));
      this.client = context.httpClient();
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
      return incoming.apply(PlatformResponse.of(status, headers, body));
    }
  }
}
