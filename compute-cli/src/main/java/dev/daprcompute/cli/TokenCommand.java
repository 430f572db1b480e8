package dev.daprcompute.cli;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.internal.ProtocolSettings;
import dev.daprcompute.api.token.TokenSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code token}: a token signed with the component's key, for calling the function by hand. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    header = "Prints a token signed with the component's key, for curl.",
    description = {
      "Prints a token signed with the configured component's key for its audience, as the component"
          + " sends it, to call the function by hand:",
      // Kept short, and split by hand: picocli wraps long lines wherever the width ends, even
      // mid-URL.
      "  curl -H \"Authorization: Bearer $(dapr-compute token -d resources)\" \\",
      "    https://fn.example.com/.well-known/dapr/info",
      "Reads the component's files only; does not call the function."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, Failures.EXIT_USAGE})
final class TokenCommand extends BaseCommand {

  @Mixin ComponentOptions component = new ComponentOptions();

  @Option(
      names = "--audience",
      paramLabel = "AUDIENCE",
      description =
          "the audience (default: the component's 'audience' metadata, else the function's name as the"
              + " component uses it: compute.http its endpoint, compute.aws.lambda the bare functionName, else its"
              + " functionUrl)")
  @Nullable String audience;

  @Option(
      names = "--subject",
      paramLabel = "SUBJECT",
      description = "the subject, a Dapr app ID (default: --app-id)")
  @Nullable String subject;

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "how long the token is valid, at most 1h (default: the component's tokenLifetime, else 60s)")
  @Nullable Duration lifetime;

  @Override
  int run(Console console) {
    Resolved resolved =
        component.resolve(environment(), m -> new Resolved(m, ProtocolSettings.from(m)));
    ComponentMetadata metadata = resolved.metadata();
    ProtocolSettings settings = resolved.settings();
    Duration validFor = lifetime != null ? lifetime : settings.tokenLifetime();
    if (validFor.compareTo(TokenSigner.MAX_LIFETIME) > 0) {
      throw CliException.usage(
          "--lifetime " + validFor + " is longer than 1h, which functions refuse");
    }
    if (audience != null && audience.isBlank()) {
      throw CliException.usage("--audience is blank: give the audience the function accepts");
    }
    String aud = audience != null ? audience : defaultAudience(metadata, settings);
    String sub = subject != null ? subject : component.appId;
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    TokenSigner signer = new TokenSigner(settings.key(), clock, validFor);
    String token = signer.token(aud, sub);
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("token", token);
      json.put("audience", aud);
      json.put("subject", sub);
      json.put("kid", settings.key().keyId());
      json.put("algorithm", settings.key().algorithm());
      json.put("expiresAt", now.plus(signer.lifetime()).toString());
      console.json(json);
    } else {
      console.println(token);
      console.note(
          "token for audience '"
              + aud
              + "'"
              + (sub != null ? ", subject '" + sub + "'" : "")
              + ", kid "
              + settings.key().keyId()
              + ", valid for "
              + signer.lifetime().toSeconds()
              + " s");
    }
    return Failures.OK;
  }

  /**
   * Protocol section 2: the 'audience' metadata, else the function's name on its platform, as the
   * component itself takes it ({@link dev.daprcompute.api.ComputeProvider#audience}).
   */
  private static String defaultAudience(ComponentMetadata metadata, ProtocolSettings settings) {
    if (settings.audience() != null) {
      return settings.audience();
    }
    return ComputeProviders.load().select(metadata.type(), metadata.version()).audience(metadata);
  }

  private record Resolved(ComponentMetadata metadata, ProtocolSettings settings) {}
}
