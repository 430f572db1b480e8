// Hosts a router on AWS Lambda (Node.js 20 runtime): reads the API Gateway HTTP API payload v2.0
// event (the Function URL format, and what the compute.aws.lambda component sends through the
// Invoke API) and writes the v2.0 response object, as the Java LambdaFunctionAdapter does.

import { decodeBase64, encodeBase64 } from './base64.js';
import { jsonAnswer } from './protocol.js';

/**
 * A Lambda handler answering with `router`:
 *
 * ```js
 * // index.mjs
 * export const handler = lambdaHandler(createRouter({ handler, publicKeys: process.env.PUBLIC_KEYS,
 *   audience: process.env.AUDIENCE }));
 * ```
 *
 * @param {{fetch: (request: Request) => Promise<Response>}} router
 * @returns {(event: object) => Promise<object>} never rejects for a bad event: it answers 400
 */
export function lambdaHandler(router) {
  return async (event) => {
    let request;
    try {
      request = toRequest(event);
    } catch {
      return toResult(jsonAnswer(400, { error: 'not an API Gateway v2.0 event' }));
    }
    return toResult(await router.fetch(request));
  };
}

/**
 * A v2.0 event as a fetch Request.
 *
 * @param {object} event
 * @returns {Request}
 */
export function toRequest(event) {
  if (event === null || typeof event !== 'object' || (event.version ?? '2.0') !== '2.0') {
    throw new TypeError('not a v2.0 event');
  }
  const method = event.requestContext?.http?.method;
  if (typeof method !== 'string' || method === '') {
    throw new TypeError('no requestContext.http.method');
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    headers.append(name, String(value));
  }
  if (Array.isArray(event.cookies) && event.cookies.length > 0) {
    headers.set('cookie', event.cookies.join('; '));
  }
  const host = event.requestContext?.domainName || headers.get('host') || 'lambda';
  const path = typeof event.rawPath === 'string' && event.rawPath !== '' ? event.rawPath : '/';
  const query = typeof event.rawQueryString === 'string' && event.rawQueryString !== '' ? `?${event.rawQueryString}` : '';
  const upper = method.toUpperCase();
  let body = null;
  if (upper !== 'GET' && upper !== 'HEAD' && typeof event.body === 'string' && event.body !== '') {
    body = event.isBase64Encoded ? decodeBase64(event.body) : new TextEncoder().encode(event.body);
    if (body === null) {
      throw new TypeError('the body is not base64');
    }
  }
  return new Request(`https://${host}${path}${query}`, { method: upper, headers, body });
}

/**
 * A Response as a v2.0 result: `set-cookie` in `cookies`, a body that is not UTF-8 text (or holds
 * NUL) as base64.
 *
 * @param {Response} response
 * @returns {Promise<object>}
 */
export async function toResult(response) {
  const headers = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') {
      headers[name] = value;
    }
  }
  const result = { statusCode: response.status, headers };
  const cookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
  if (cookies.length > 0) {
    result.cookies = cookies;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  let text = null;
  if (!bytes.includes(0)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = null;
    }
  }
  result.body = text ?? encodeBase64(bytes);
  result.isBase64Encoded = text === null;
  return result;
}
