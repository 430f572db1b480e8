package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.http.HttpTransport;
import dev.daprcompute.api.spi.ByteSizes;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.RequestDecorator;
import dev.daprcompute.protocol.lambda.HttpApiV2;
import java.time.Clock;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * A Lambda Function URL (mode {@code url}) as a transport: the plain HTTP transport, plus what is
 * true of Function URLs: their payload limit, SigV4 when the auth type is {@code AWS_IAM} (the
 * token then travels in {@code Dapr-Authorization}), and their own errors (an {@code
 * x-amzn-ErrorType}, a crash's bare {@code 502}). Stateless.
 */
final class FunctionUrl {
  private FunctionUrl() {}

  /** The transport of a component in mode url; closing it releases {@code credentials}. */
  static PlatformTransport transport(
      LambdaSettings settings, AwsCredentialSource credentials, OkHttpClient client, Clock clock) {
    AwsSigner signer =
        settings.signed()
            ? new AwsSigner(
                Objects.requireNonNull(settings.region(), "a signed Function URL has a region"),
                credentials,
                clock)
            : null;
    return HttpTransport.builder(settings.baseUrl(), client)
        .platformName("the Lambda Function URL")
        .decorator(new Requests(signer))
        .platformErrors(LambdaErrors::ofFunctionUrl)
        .advice(
            Reason.PLATFORM_CREDENTIALS,
            settings.signed()
                ? "check "
                    + credentials.description()
                    + " and that they allow lambda:InvokeFunctionUrl on the function"
                : "the Function URL's auth type is NONE here: check that it is, or set authType: AWS_IAM")
        .closing(credentials)
        .build();
  }

  /** The Function URL's payload limit, then the signature when there is one. */
  private record Requests(@Nullable AwsSigner signer) implements RequestDecorator {
    @Override
    public Request decorate(Request request, FunctionRequest call) {
      long asEvent = HttpApiV2.encodedSize(call.contentType(), call.body());
      if (asEvent > InvokeTransport.SYNC_LIMIT) {
        throw new ComputeRequestException(
            call.verb()
                + " "
                + call.path()
                + " carries "
                + ByteSizes.format(call.body().size())
                + " ("
                + asEvent
                + " bytes in the function's event), over a Function URL's limit of "
                + InvokeTransport.SYNC_LIMIT
                + " bytes: send less");
      }
      return signer == null ? request : signer.decorate(request, call);
    }

    @Override
    public boolean occupiesAuthorizationHeader() {
      return signer != null;
    }
  }
}
