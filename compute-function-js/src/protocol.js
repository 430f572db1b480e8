// Constants of function protocol version 1, and the answers every function writes the same way.

/** The protocol version this SDK speaks. */
export const PROTOCOL_VERSION = 1;

/** On every answer of an SDK or a jump function: the protocol version. Without it, the platform answered. */
export const MARKER_HEADER = 'Dapr-Compute-Protocol';

/** Where the token goes when the platform uses `Authorization` itself. Read first. */
export const DAPR_AUTHORIZATION = 'Dapr-Authorization';

/** Where the token goes by default. */
export const AUTHORIZATION = 'Authorization';

/** How a function explains a token rejection (RFC 6750). */
export const WWW_AUTHENTICATE = 'WWW-Authenticate';

/** Binding replies: output bindings that receive the reply data, comma-separated. */
export const BINDING_TO_HEADER = 'Dapr-Binding-To';

/** Binding replies: `sequential` (default) or `parallel`. */
export const BINDING_CONCURRENCY_HEADER = 'Dapr-Binding-Concurrency';

/** The info document: deployed, version and auth in one call. */
export const INFO_PATH = '/.well-known/dapr/info';

/** The function's subscriptions, in Dapr's format. */
export const SUBSCRIBE_PATH = '/dapr/subscribe';

/** Structured-mode CloudEvents. */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** JSON. */
export const JSON_TYPE = 'application/json';

/** The token's issuer. */
export const ISSUER = 'dapr.io/compute';

/** The feature a function lists when it takes bulk topic events as one batch. */
export const FEATURE_BULK_TOPIC_EVENTS = 'bulkTopicEvents';

/** This SDK's name in the info document. */
export const SDK_NAME = 'dapr-compute-js';

/** This SDK's version (the npm package's version). */
export const SDK_VERSION = '0.1.0';

/**
 * The info document (protocol section 3).
 *
 * @typedef {object} InfoDocument
 * @property {number} protocol the protocol version, 1
 * @property {string} version the SDK's or jump function's semantic version
 * @property {string} sdk the SDK's name, for messages
 * @property {string[]} features optional capabilities, such as `bulkTopicEvents`
 * @property {string[]} inputBindings the input bindings the function serves
 */

/**
 * @param {{version?: string, sdk?: string, features?: string[], inputBindings?: string[]}} [fields]
 * @returns {InfoDocument}
 */
export function infoDocument(fields = {}) {
  const version = fields.version ?? SDK_VERSION;
  if (typeof version !== 'string' || version.trim() === '') {
    throw new TypeError('the info document needs a version: a semantic version string such as "1.0.0"');
  }
  return {
    protocol: PROTOCOL_VERSION,
    version,
    sdk: fields.sdk ?? SDK_NAME,
    features: [...(fields.features ?? [])],
    inputBindings: [...(fields.inputBindings ?? [])],
  };
}

/**
 * `response` with the protocol marker, which tells the component that the function itself
 * answered. Copies the response (the headers of a fetched response are immutable).
 *
 * @param {Response} response
 * @returns {Response}
 */
export function markResponse(response) {
  const marked = new Response(response.body, response);
  marked.headers.set(MARKER_HEADER, String(PROTOCOL_VERSION));
  return marked;
}

/**
 * A marked answer.
 *
 * @param {number} status
 * @param {BodyInit | null} body
 * @param {HeadersInit} [headers]
 * @returns {Response}
 */
export function answer(status, body, headers = {}) {
  const all = new Headers(headers);
  all.set(MARKER_HEADER, String(PROTOCOL_VERSION));
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : body, { status, headers: all });
}

/**
 * A marked JSON answer.
 *
 * @param {number} status
 * @param {unknown} value
 * @param {HeadersInit} [headers]
 * @returns {Response}
 */
export function jsonAnswer(status, value, headers = {}) {
  const all = new Headers(headers);
  all.set('content-type', JSON_TYPE);
  return answer(status, JSON.stringify(value), all);
}

/**
 * The answer to a rejected token: 401, `WWW-Authenticate` with the reason, and the marker.
 *
 * @param {import('./token.js').TokenRejectedError} error
 * @returns {Response}
 */
export function tokenRejectedAnswer(error) {
  return jsonAnswer(401, { error: 'invalid_token', error_description: error.description },
    { [WWW_AUTHENTICATE]: error.wwwAuthenticate });
}
