// @dapr-compute/function: the JavaScript function SDK of dapr-compute. Plain ES modules, no
// dependencies beyond WebCrypto and the fetch API; runs unchanged in workerd and Node 20.

export {
  createTokenVerifier, MAX_CLOCK_SKEW_SECONDS, MAX_LIFETIME_SECONDS, TokenRejectedError, TokenVerifier,
} from './token.js';
export { KeyFormatError, readPublicKeys, SIGNATURE_ALGORITHMS } from './keys.js';
export { BadRequestError, createRouter, notServed, NotServedError } from './router.js';
export {
  answer, AUTHORIZATION, BINDING_CONCURRENCY_HEADER, BINDING_TO_HEADER, CLOUDEVENTS_JSON, DAPR_AUTHORIZATION,
  FEATURE_BULK_TOPIC_EVENTS, INFO_PATH, infoDocument, ISSUER, jsonAnswer, MARKER_HEADER, markResponse,
  PROTOCOL_VERSION, SDK_NAME, SDK_VERSION, SUBSCRIBE_PATH, tokenRejectedAnswer, WWW_AUTHENTICATE,
} from './protocol.js';
export { normalizePath, splitUrl, UnsafePathError } from './paths.js';
