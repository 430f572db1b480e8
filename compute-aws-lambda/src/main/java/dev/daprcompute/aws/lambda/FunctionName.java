package dev.daprcompute.aws.lambda;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Lambda function as metadata {@code functionName} names it, in any form the Invoke API takes:
 * {@code my-fn}, {@code my-fn:alias}, {@code 123456789012:function:my-fn[:alias]}, or {@code
 * arn:aws:lambda:us-east-1:123456789012:function:my-fn[:alias]}.
 *
 * @param configured the text as configured; it goes into the Invoke path (percent-encoded)
 * @param name the bare function name ({@code my-fn}), the default token audience
 * @param qualifier the version or alias inside the text, if any
 * @param region the region of a full ARN, if any
 */
record FunctionName(
    String configured, String name, @Nullable String qualifier, @Nullable String region) {
  private static final String NAME = "[a-zA-Z0-9_-]{1,64}";
  static final Pattern QUALIFIER = Pattern.compile("[a-zA-Z0-9$_-]{1,128}");
  private static final Pattern SHORT =
      Pattern.compile("(" + NAME + ")(?::(" + QUALIFIER.pattern() + "))?");
  private static final Pattern PARTIAL_ARN =
      Pattern.compile("\\d{12}:function:(" + NAME + ")(?::(" + QUALIFIER.pattern() + "))?");
  private static final Pattern ARN =
      Pattern.compile(
          "arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):\\d{12}:function:("
              + NAME
              + ")(?::("
              + QUALIFIER.pattern()
              + "))?");

  FunctionName {
    Objects.requireNonNull(configured, "configured == null");
    Objects.requireNonNull(name, "name == null");
  }

  /** The function name in {@code text}, or empty when it is none of the accepted forms. */
  static Optional<FunctionName> parse(String text) {
    if (text.length() > 256) {
      return Optional.empty();
    }
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      return Optional.of(new FunctionName(text, m.group(1), m.group(2), null));
    }
    m = PARTIAL_ARN.matcher(text);
    if (m.matches()) {
      return Optional.of(new FunctionName(text, m.group(1), m.group(2), null));
    }
    m = ARN.matcher(text);
    if (m.matches()) {
      return Optional.of(new FunctionName(text, m.group(2), m.group(3), m.group(1)));
    }
    return Optional.empty();
  }
}
