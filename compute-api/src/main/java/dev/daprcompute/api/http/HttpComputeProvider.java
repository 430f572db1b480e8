package dev.daprcompute.api.http;

import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.internal.FunctionCompute;
import dev.daprcompute.api.internal.ProtocolSettings;
import dev.daprcompute.api.spi.BaseUrls;
import java.util.List;

/**
 * {@code compute.http}: a function at any HTTP(S) endpoint. Metadata: {@code endpoint} (the
 * function's base URL), {@code caCertificate} (PEM of a private CA to trust instead of the
 * system's), {@code allowInsecureHttp} (plain {@code http://} beyond loopback), plus the common
 * fields of {@link ProtocolSettings}. The token goes in {@code Authorization} unless
 * {@code tokenHeader} says otherwise; the default audience is the endpoint URL.
 */
public final class HttpComputeProvider implements ComputeProvider {
  /** The component type. */
  public static final String TYPE = "compute.http";

  static final List<MetadataField> FIELDS = ProtocolSettings.fieldsWith(List.of(
      MetadataField.required("endpoint", Kind.URI, "the function's base URL, such as https://fn.example.com/dapr"),
      MetadataField.optional("caCertificate", Kind.STRING,
          "PEM certificate(s) of a private CA that signed the endpoint's certificate; replaces the system's trusted CAs"),
      BaseUrls.ALLOW_INSECURE_HTTP_FIELD));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> metadataFields() {
    return FIELDS;
  }

  @Override
  public Compute create(ComputeContext context) {
    return new FunctionCompute(context, FIELDS, HttpTransport::create);
  }
}
