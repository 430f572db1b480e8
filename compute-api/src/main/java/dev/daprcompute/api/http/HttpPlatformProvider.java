package dev.daprcompute.api.http;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * {@code compute.http}: a function at any HTTP(S) endpoint. Metadata: {@code endpoint} (the
 * function's base URL), {@code caCertificate} (PEM of a private CA to trust instead of the
 * system's), {@code allowInsecureHttp} (plain {@code http://} beyond loopback), plus the common
 * fields. The token goes in {@code Authorization} unless {@code tokenHeader} says otherwise; the
 * default audience is the endpoint URL. Stateless and thread-safe.
 */
public final class HttpPlatformProvider implements PlatformProvider {
  /** The component type. */
  public static final String TYPE = "compute.http";

  private static final String ENDPOINT = "endpoint";
  private static final String EXAMPLE = "https://fn.example.com/dapr";

  private static final List<MetadataField> FIELDS =
      List.of(
          MetadataField.required(ENDPOINT, Kind.URI, "the function's base URL, such as " + EXAMPLE),
          BaseUrls.CA_CERTIFICATE_FIELD,
          BaseUrls.ALLOW_INSECURE_HTTP_FIELD);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> fields() {
    return FIELDS;
  }

  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    HttpUrl endpoint = BaseUrls.read(metadata, ENDPOINT, true, EXAMPLE, problems);
    OkHttpClient client = BaseUrls.client(metadata, context.httpClient(), problems);
    if (!problems.isEmpty() || endpoint == null) {
      throw new ComputeConfigurationException(problems);
    }
    return HttpTransport.builder(endpoint, client).locationFields(ENDPOINT).build();
  }
}
