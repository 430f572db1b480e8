package dev.daprcompute.api.spi;

import dev.daprcompute.api.token.SigningKey;

/**
 * One attempt of {@code init} as {@link PlatformTransport#checkPlatform} sees it: the time left of
 * {@code initTimeout}, what a platform that deploys the function's token check itself needs (the
 * component's signing key and token audience, Cloudflare's jump worker, say), and a way to say that
 * the attempt changed the deployment. Made by the component for each attempt and used on init's
 * thread, during {@code checkPlatform} only.
 */
public interface InitAttempt {

  /** What is left of {@code initTimeout}: the platform's checks return by it. */
  Deadline deadline();

  /**
   * The key the component signs its tokens with. Its public part ({@link SigningKey#publicJwk()},
   * named by {@link SigningKey#keyId()}) is what the function must trust; a transport that must
   * sign a token itself signs with it ({@code dev.daprcompute.api.token.TokenSigner}).
   */
  SigningKey signingKey();

  /**
   * The audience of the component's tokens: its {@code audience} metadata, else the function's
   * name.
   */
  String audience();

  /**
   * Says that this attempt (or an earlier one of the same {@code init}) changed the deployment (it
   * uploaded the function, or what checks its tokens, or turned on its route), which may take a
   * while to answer everywhere. For the rest of this {@code init}, the info call's "not deployed"
   * (a 404), a token the function rejects, and an info document of {@code sdk} older than {@code
   * version} are taken as the previous deployment's answers and retried with back-off until {@code
   * initTimeout}, instead of failing at once; once the info call passes, the report has a check
   * {@code ready} saying how long the change took.
   *
   * @param sdk the SDK name the deployed function's info document reports, such as {@code
   *     dapr-compute-jump-worker}
   * @param version the version it reports: a semantic version such as {@code 1.2.0}
   */
  void deploymentInProgress(String sdk, String version);
}
