package dev.daprcompute.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** In-memory providers and computes, and small file helpers, for this package's tests. */
final class Fakes {
  /** A recognisable fake secret: it must never show in a message, a log line or a toString. */
  static final String SECRET = "s3cr3t-VALUE";

  static final List<MetadataField> HTTP_FIELDS =
      List.of(
          MetadataField.required("endpoint", Kind.URI, "the function's URL"),
          MetadataField.optional("timeout", Kind.DURATION, "per-call deadline, default 30s"),
          MetadataField.optional("verbose", Kind.BOOLEAN, "log every call"),
          MetadataField.optional("region", Kind.STRING, "where the function runs"),
          MetadataField.optional("key", Kind.STRING, "the function key").asSecret());

  private Fakes() {}

  static Path write(Path dir, String name, String content) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one problem about {@code field}; fails when there is none or more than one. */
  static ConfigurationProblem problem(ComputeConfigurationException e, String field) {
    List<ConfigurationProblem> matching =
        e.problems().stream().filter(p -> field.equals(p.field())).toList();
    assertThat(matching).as("problems about %s in %s", field, e.problems()).hasSize(1);
    ConfigurationProblem problem = matching.get(0);
    assertThat(problem.fix()).as("fix for %s", field).isNotBlank();
    assertThat(e.getMessage()).contains(problem.toString());
    return problem;
  }

  static InitReport report() {
    return new InitReport(
        List.of(InitCheck.passed("deployed", "HTTP 200")),
        1,
        "1.0.0",
        "fake",
        Set.of(),
        List.of(),
        1,
        Duration.ofMillis(5));
  }

  /** A provider whose computes run {@code init} as given and remember what happened to them. */
  static final class FakeProvider implements ComputeProvider {
    final String type;
    final List<MetadataField> fields;
    final Function<ComponentMetadata, InitReport> init;
    final List<FakeCompute> created = new ArrayList<>();

    FakeProvider(
        String type, List<MetadataField> fields, Function<ComponentMetadata, InitReport> init) {
      this.type = type;
      this.fields = fields;
      this.init = init;
    }

    static FakeProvider succeeding(String type) {
      return new FakeProvider(type, HTTP_FIELDS, metadata -> report());
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public List<MetadataField> metadataFields() {
      return fields;
    }

    @Override
    public Compute create(ComputeContext context) {
      FakeCompute compute = new FakeCompute(init);
      created.add(compute);
      return compute;
    }

    FakeCompute only() {
      assertThat(created).hasSize(1);
      return created.get(0);
    }
  }

  static final class FakeCompute implements Compute {
    private final Function<ComponentMetadata, InitReport> init;
    ComponentMetadata initialisedWith;
    int closes;

    FakeCompute(Function<ComponentMetadata, InitReport> init) {
      this.init = init;
    }

    @Override
    public InitReport init(ComponentMetadata metadata) {
      initialisedWith = metadata;
      return init.apply(metadata);
    }

    @Override
    public Set<Feature> features() {
      return Set.of();
    }

    @Override
    public CompletableFuture<InvokeResponse> onInvoke(InvokeRequest request, CallOptions options) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletableFuture<TopicEventResponse> onTopicEvent(
        TopicEventRequest event, CallOptions options) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletableFuture<BulkTopicEventResponse> onBulkTopicEvent(
        BulkTopicEventRequest batch, CallOptions options) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletableFuture<BindingEventResponse> onBindingEvent(
        BindingEventRequest event, CallOptions options) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletableFuture<List<TopicSubscription>> listTopicSubscriptions(CallOptions options) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<List<String>> listInputBindings(CallOptions options) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void close() {
      closes++;
    }
  }
}
