package dev.daprcompute.api.http;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.internal.ProtocolSettings;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Sample;
import dev.daprcompute.protocol.fuzz.Strings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A compute.http component's metadata, every field at random (URLs, PEM certificates, keys,
 * durations, sizes, numbers, booleans, versions, enums, unknown names), some of it from secrets:
 * validation, the common settings and the transport each end in a result or one {@link
 * ComputeConfigurationException}, and no secret value is ever shown.
 */
@DisplayName(
    "component metadata: any values end in settings or a configuration error that shows no secret")
class ComponentSettingsPropertiesTest {
  private static final String MARKER = "Mk7SecretValue";
  private static final String KEY = SigningKey.generateEd25519().privateKeyPem();
  private static final Set<String> KEY_PIECES =
      Contract.pieces(KEY.replaceAll("-----[A-Z ]+-----", ""), 16);
  private static final String CA =
      new HeldCertificate.Builder()
          .commonName("fuzz CA")
          .certificateAuthority(0)
          .build()
          .certificatePem();

  private static final List<String> DICTIONARY =
      List.of(
          "https://",
          "http://",
          "localhost",
          "127.0.0.1",
          "[::1]",
          ":",
          "@",
          "?",
          "#",
          "%",
          "/",
          "..",
          " ",
          "-----BEGIN CERTIFICATE-----",
          "-----END CERTIFICATE-----",
          "\n",
          "0",
          "1",
          "-1",
          "s",
          "ms",
          "h",
          "Mi",
          "Gi",
          "true",
          "false",
          "yes",
          "v",
          ".",
          "+",
          "=");

  private static Gen<String> values(String... examples) {
    Gen<String> seeds = Gen.elementOf(List.of(examples));
    return Gen.oneOf(seeds, seeds, Strings.mutate(seeds, DICTIONARY), Strings.any(24));
  }

  private static final Map<String, Gen<String>> FIELDS =
      Map.ofEntries(
          Map.entry(
              "endpoint",
              values(
                  "https://fn.example.com/dapr",
                  "http://localhost:8080",
                  "http://127.0.0.1:9/x",
                  "https://[::1]:8443/",
                  "http://10.0.0.1/",
                  "https://h/?code=abc",
                  "https://h/#f",
                  "ftp://h/",
                  "mailto:a@b",
                  "/relative",
                  "https://h:99999/",
                  "https://ex ample.com/",
                  "http://[fe80::1%25eth0]/",
                  "https://user@h/")),
          Map.entry(
              "caCertificate",
              values(
                  CA,
                  CA + CA,
                  CA.substring(0, CA.length() / 2),
                  "-----BEGIN CERTIFICATE-----\n" + "AAAA\n-----END CERTIFICATE-----\n",
                  KEY)),
          Map.entry(
              "allowInsecureHttp",
              values("true", "false", "yes", "no", "on", "1", "0", "TRUE", "maybe")),
          Map.entry("key", values(KEY, KEY.replace("\n", "\r\n"), KEY.substring(0, 60))),
          Map.entry("audience", values("orders", "https://fn.example.com/dapr", "")),
          Map.entry(
              "tokenHeader",
              values("Authorization", "Dapr-Authorization", "authorization", "X-Token")),
          Map.entry("tokenLifetime", values("60s", "1h", "1h0m1s", "0", "-5s", "90m", "1.5m")),
          Map.entry(
              "minVersion",
              values(
                  "1.0.0",
                  "1.2",
                  "v2",
                  "1.0.0-rc.1+build.5",
                  "99999999999.0.0",
                  "1..0",
                  "1.0.0-",
                  "01.2.3")),
          Map.entry("timeout", values("30s", "0", "-1s", "2562047h", "2562048h", "500ms")),
          Map.entry(
              "maxBodySize",
              values("4Mi", "0", "2Gi", "2147483631", "2147483632", "9223372036854775807", "1G")),
          Map.entry(
              "maxConcurrency", values("64", "0", "-1", "2147483647", "2147483648", " 7 ", "1e3")),
          Map.entry("endpont", values("https://fn.example.com/dapr")),
          Map.entry("Timeout", values("5s")));

  /** One metadata entry: a field, its value, and whether it came from a secret. */
  record Entry(String field, String value, boolean secret) {}

  private static final Gen<List<Entry>> METADATA =
      random -> {
        List<Sample<Entry>> entries = new ArrayList<>();
        for (Map.Entry<String, Gen<String>> field :
            FIELDS.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
          if (random.nextInt(10) < 3
              && !field.getKey().equals("endpoint")
              && !field.getKey().equals("key")) {
            continue;
          }
          // The endpoint is never a secret here: HttpTransport prints it whole (issue 8, item 9,
          // redacts it).
          boolean secret = !field.getKey().equals("endpoint") && random.nextInt(4) == 0;
          entries.add(
              field
                  .getValue()
                  .sample(random)
                  .map(
                      value -> new Entry(field.getKey(), secret ? value + MARKER : value, secret)));
        }
        return Sample.list(entries, 0);
      };

  @Test
  @DisplayName(
      "validation, the common settings and the HTTP transport end in a result or a configuration error")
  void settings() {
    ComputeContext context = ComputeContext.defaults();
    Fuzz.forAll(
        250,
        METADATA,
        entries -> {
          ComponentMetadata.Builder builder =
              ComponentMetadata.builder("orders", "compute.http").source("orders.yaml", 4);
          Set<String> secrets = new HashSet<>(KEY_PIECES);
          for (Entry entry : entries) {
            if (entry.secret()) {
              builder.putSecret(entry.field(), entry.value());
              secrets.add(MARKER);
            } else {
              builder.put(entry.field(), entry.value());
            }
          }
          ComponentMetadata metadata = builder.build();
          Contract.resultOr(
              ComputeConfigurationException.class,
              secrets,
              () -> {
                metadata.validate(
                    ComputeProviders.provider(new HttpPlatformProvider()).metadataFields());
                return null;
              });
          Contract.resultOr(
              ComputeConfigurationException.class, secrets, () -> ProtocolSettings.from(metadata));
          Contract.resultOr(
              ComputeConfigurationException.class,
              secrets,
              () -> new HttpPlatformProvider().transport(metadata, context));
        });
  }
}
