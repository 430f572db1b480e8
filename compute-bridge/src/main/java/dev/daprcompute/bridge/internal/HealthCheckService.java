package dev.daprcompute.bridge.internal;

import com.google.protobuf.Empty;
import io.dapr.v1.AppCallbackHealthCheckGrpc;
import io.dapr.v1.DaprAppCallbackProtos;
import io.grpc.stub.StreamObserver;

/**
 * Dapr's {@code AppCallbackHealthCheck}: healthy while the bridge runs. The function's own health
 * is not probed here: each call reports the function's state, and a failing platform must not make
 * daprd unsubscribe topics whose events would then wait in the broker unseen.
 */
public final class HealthCheckService
    extends AppCallbackHealthCheckGrpc.AppCallbackHealthCheckImplBase {
  @Override
  public void healthCheck(
      Empty request, StreamObserver<DaprAppCallbackProtos.HealthCheckResponse> observer) {
    observer.onNext(DaprAppCallbackProtos.HealthCheckResponse.getDefaultInstance());
    observer.onCompleted();
  }
}
