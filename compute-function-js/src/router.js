// Serves the function protocol on the fetch API (workerd, Node 20, Deno, Bun): verifies every
// request's token, answers the info document and /dapr/subscribe, and dispatches topic events
// (single and bulk), binding events and invocations to a handler. Behaves as the Java
// FunctionRouter of compute-function on the same requests.

import { decodeBase64 } from './base64.js';
import { normalizePath, splitUrl, UnsafePathError } from './paths.js';
import {
  answer, BINDING_CONCURRENCY_HEADER, BINDING_TO_HEADER, CLOUDEVENTS_JSON, DAPR_AUTHORIZATION,
  FEATURE_BULK_TOPIC_EVENTS, INFO_PATH, infoDocument, JSON_TYPE, jsonAnswer, SUBSCRIBE_PATH, tokenRejectedAnswer,
} from './protocol.js';
import { createTokenVerifier, TokenRejectedError } from './token.js';

const NOT_SERVED = Symbol.for('dev.daprcompute.function.notServed');

/**
 * The handler does not serve this call: the router answers 404, as Dapr treats an app that does
 * not serve a call (for a topic event that means DROP). Throw it on purpose, with
 * {@link notServed}; any other exception is a 500, which Dapr retries.
 */
export class NotServedError extends Error {
  /** @param {string} [message] */
  constructor(message = 'not served') {
    super(message);
    this.name = 'NotServedError';
    this[NOT_SERVED] = true;
  }
}

/**
 * @param {string} [message] why, sent back in the 404's body
 * @returns {NotServedError} to throw
 */
export function notServed(message) {
  return new NotServedError(message);
}

/** The request is malformed: the router answers 400 with the message. */
export class BadRequestError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'BadRequestError';
  }
}

const VERBS = new Set(['NONE', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);
const NOT_METADATA = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te',
  'trailer', 'host', 'content-length', 'content-type', 'dapr-compute-protocol', 'dapr-authorization']);
const TOPIC_STATUSES = new Set(['SUCCESS', 'RETRY', 'DROP']);

/**
 * A subscription in Dapr's `/dapr/subscribe` format.
 *
 * @typedef {object} Subscription
 * @property {string} pubsubname the PubSub component
 * @property {string} topic the topic
 * @property {string} [route] the route (older format)
 * @property {{rules?: {match: string, path: string}[], default?: string}} [routes] routing rules
 * @property {Record<string, string>} [metadata]
 * @property {string} [deadLetterTopic]
 * @property {{enabled: boolean, maxMessagesCount?: number, maxAwaitDurationMs?: number}} [bulkSubscribe]
 */

/**
 * A PubSub event, posted to one of the subscriptions' routes.
 *
 * @typedef {object} TopicEvent
 * @property {string} id
 * @property {string} source
 * @property {string} type
 * @property {string} specVersion
 * @property {string} dataContentType empty when the event has none
 * @property {unknown} data the event's `data` as JSON gives it (an object, a string...), a
 *     `Uint8Array` for `data_base64`, undefined for none
 * @property {string} topic
 * @property {string} pubsubName
 * @property {string} path the route it was posted to
 * @property {Record<string, unknown>} extensions every other attribute (`traceparent`, ...)
 * @property {Record<string, string>} metadata the delivery's headers, without token and framing
 * @property {Record<string, unknown>} cloudEvent the CloudEvent as received
 */

/**
 * One entry of a batch.
 *
 * @typedef {object} BulkEntry
 * @property {string} entryId
 * @property {Record<string, unknown> | null} cloudEvent the entry's CloudEvent, or null for a raw event
 * @property {unknown} data a raw event: its JSON value, or its bytes when it is not JSON
 * @property {string} contentType
 * @property {Record<string, string>} metadata
 */

/**
 * A batch of PubSub events for one route.
 *
 * @typedef {object} BulkTopicEvent
 * @property {string} id
 * @property {string} type
 * @property {string} topic
 * @property {string} pubsubName
 * @property {string} path
 * @property {Record<string, string>} metadata
 * @property {BulkEntry[]} entries
 * @property {(entry: BulkEntry) => TopicEvent} asTopicEvent one entry as a single event
 */

/**
 * @typedef {'SUCCESS' | 'RETRY' | 'DROP' | {status: string} | undefined} TopicAnswer undefined means SUCCESS
 */

/**
 * An input-binding event.
 *
 * @typedef {object} BindingEvent
 * @property {string} name the binding
 * @property {Uint8Array} data the body
 * @property {Record<string, string>} metadata every binding metadata entry
 * @property {() => string} text the body as UTF-8 text
 * @property {() => unknown} json the body as JSON
 */

/**
 * @typedef {object} BindingReply
 * @property {string | Uint8Array | ArrayBuffer} [data] the reply data
 * @property {string[]} [to] output bindings that receive the data
 * @property {'sequential' | 'parallel'} [concurrency]
 */

/**
 * A service invocation.
 *
 * @typedef {object} Invocation
 * @property {string} method the method: the path without the leading `/`
 * @property {string} verb the HTTP verb
 * @property {string} query the query string without `?`, empty for none
 * @property {string} contentType
 * @property {Uint8Array} data the body
 * @property {Record<string, string>} metadata the call's headers, without token and framing
 * @property {() => string} text the body as UTF-8 text
 * @property {() => unknown} json the body as JSON
 */

/**
 * @typedef {object} InvocationReply
 * @property {number} [status] default 200
 * @property {string | Uint8Array | ArrayBuffer | null} [data]
 * @property {string} [contentType]
 * @property {Record<string, string>} [metadata] headers to answer with
 */

/**
 * What a function author writes. Every member is optional: a missing method does not serve its
 * kind of call (404). Called for many requests at once.
 *
 * @typedef {object} FunctionHandler
 * @property {Subscription[]} [subscriptions] read once, when the router is made
 * @property {string[]} [inputBindings] the input bindings served; listed in the info document
 * @property {(request: Invocation) => Promise<Response | InvocationReply> | Response | InvocationReply} [onInvoke]
 * @property {(event: TopicEvent) => Promise<TopicAnswer> | TopicAnswer} [onTopicEvent]
 * @property {(batch: BulkTopicEvent) => Promise<{entryId: string, status: string}[]>} [onBulkTopicEvent]
 *     default: each entry through onTopicEvent; an entry whose handler throws is retried, one
 *     not served is dropped, the others keep their status
 * @property {(event: BindingEvent) => Promise<BindingReply | undefined> | BindingReply | undefined} [onBindingEvent]
 */

/**
 * @typedef {object} RouterOptions
 * @property {FunctionHandler} handler
 * @property {import('./token.js').TokenVerifier | Promise<import('./token.js').TokenVerifier>} [verifier]
 *     verifies every request; or give `publicKeys` and `audience` and the router builds one
 * @property {string | object} [publicKeys] see {@link createTokenVerifier}
 * @property {string | string[]} [audience] see {@link createTokenVerifier}
 * @property {string} [version] the version in the info document; default this SDK's
 * @property {string} [sdk] the SDK name in the info document; default `dapr-compute-js`
 * @property {string} [basePath] a prefix the platform leaves on every path (`/api/dapr`): stripped
 * @property {{info: Function, warn: Function}} [logger] default `console`
 */

/**
 * Makes a router.
 *
 * @param {RouterOptions} options
 * @returns {{fetch: (request: Request) => Promise<Response>, info: import('./protocol.js').InfoDocument}}
 * @throws {TypeError} when the handler, the verifier or a subscription is missing or malformed
 */
export function createRouter(options) {
  const { handler } = options ?? {};
  if (handler === null || typeof handler !== 'object') {
    throw new TypeError('createRouter needs a handler: an object with onInvoke, onTopicEvent, ... methods');
  }
  let verifier = options.verifier;
  if (verifier === undefined) {
    if (options.publicKeys === undefined) {
      throw new TypeError('createRouter needs a verifier, or publicKeys and audience: every request must be verified');
    }
    verifier = createTokenVerifier({ ...options, handler: undefined });
  }
  const verifierReady = Promise.resolve(verifier);
  verifierReady.catch(() => {}); // reported on every request instead
  const logger = options.logger ?? console;
  const basePath = options.basePath ? normalizePath(options.basePath) : '/';

  const subscriptions = (handler.subscriptions ?? []).map(checkSubscription);
  const topicRoutes = new Set();
  for (const s of subscriptions) {
    if (s.routes.default) {
      topicRoutes.add(safe(s.routes.default, 'subscription route'));
    }
    for (const rule of s.routes.rules) {
      topicRoutes.add(safe(rule.path, 'subscription route'));
    }
  }
  const inputBindings = [...(handler.inputBindings ?? [])];
  const bindings = new Set(inputBindings.map((name) => safe(name, 'input binding')));
  const info = Object.freeze(infoDocument({
    version: options.version,
    sdk: options.sdk,
    features: [FEATURE_BULK_TOPIC_EVENTS], // the router always takes batches (see onBulkTopicEvent)
    inputBindings,
  }));
  const infoBody = JSON.stringify(info);
  const subscriptionBody = JSON.stringify(subscriptions);

  async function fetch(request) {
    let verified;
    try {
      verified = await verifierReady;
    } catch (error) {
      logger.warn(`the function's token verifier could not be made: ${error.message}`);
      return jsonAnswer(500, { error: `the function's token verifier could not be made: ${error.message}` });
    }
    try {
      await verified.verify(request.headers);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        logger.info(`rejected a request to ${request.method} ${splitUrl(request.url).path}: ${error.description}`);
        return tokenRejectedAnswer(error);
      }
      throw error;
    }
    const { path: rawPath, query } = splitUrl(request.url);
    let path;
    try {
      path = stripBase(normalizePath(rawPath), basePath);
    } catch (error) {
      if (error instanceof UnsafePathError) {
        return jsonAnswer(400, { error: error.message });
      }
      throw error;
    }
    if (path === null) {
      return jsonAnswer(404, { error: `not below the function's base path ${basePath}` });
    }
    const method = request.method.toUpperCase();
    try {
      if (path === INFO_PATH && method === 'GET') {
        return answer(200, infoBody, { 'content-type': JSON_TYPE });
      }
      if (path === SUBSCRIBE_PATH && method === 'GET') {
        return answer(200, subscriptionBody, { 'content-type': JSON_TYPE });
      }
      if (method === 'POST' && topicRoutes.has(path)) {
        return await topic(request, path);
      }
      if (bindings.has(path) && (method === 'POST' || method === 'OPTIONS')) {
        return method === 'OPTIONS' ? answer(200, null) : await binding(request, path);
      }
      return await invoke(request, path, method, query);
    } catch (error) {
      if (error instanceof NotServedError || (error && error[NOT_SERVED] === true)) {
        return jsonAnswer(404, { error: error.message || 'not served' });
      }
      if (error instanceof BadRequestError) {
        return jsonAnswer(400, { error: error.message });
      }
      const name = errorName(error);
      logger.warn(`the handler failed on ${method} ${path}:`, error);
      return jsonAnswer(500, { error: `the handler failed: ${name}` });
    }
  }

  async function topic(request, path) {
    const body = new Uint8Array(await request.arrayBuffer());
    const contentType = request.headers.get('content-type') ?? '';
    const metadata = callMetadata(request.headers);
    const delivery = readDelivery(body, contentType, path, metadata);
    if (delivery.batch) {
      const statuses = await bulk(delivery.batch);
      return jsonAnswer(200, { statuses });
    }
    if (delivery.event) {
      if (typeof handler.onTopicEvent !== 'function') {
        throw notServed(`no topic handler for ${path}`);
      }
      const status = topicStatus(await handler.onTopicEvent(delivery.event));
      return jsonAnswer(200, { status });
    }
    throw new BadRequestError(`the body posted to topic route ${path} is neither a CloudEvent nor a batch`);
  }

  async function bulk(batch) {
    if (typeof handler.onBulkTopicEvent === 'function') {
      const reply = await handler.onBulkTopicEvent(batch);
      const statuses = Array.isArray(reply) ? reply : reply?.statuses;
      if (!Array.isArray(statuses)) {
        throw new TypeError('onBulkTopicEvent must return an array of {entryId, status}');
      }
      return statuses.map((s) => ({ entryId: String(s.entryId), status: topicStatus(s.status ?? s) }));
    }
    const statuses = [];
    for (const entry of batch.entries) {
      let status;
      try {
        if (typeof handler.onTopicEvent !== 'function') {
          throw notServed();
        }
        status = topicStatus(await handler.onTopicEvent(batch.asTopicEvent(entry)));
      } catch (error) {
        status = error instanceof NotServedError || (error && error[NOT_SERVED] === true) ? 'DROP' : 'RETRY';
      }
      statuses.push({ entryId: entry.entryId, status });
    }
    return statuses;
  }

  async function binding(request, path) {
    if (typeof handler.onBindingEvent !== 'function') {
      throw notServed(`no binding handler for ${path.slice(1)}`);
    }
    const data = new Uint8Array(await request.arrayBuffer());
    const reply = (await handler.onBindingEvent({
      name: path.slice(1), data, metadata: callMetadata(request.headers), ...bodyReaders(data),
    })) ?? {};
    const headers = {};
    if (Array.isArray(reply.to) && reply.to.length > 0) {
      headers[BINDING_TO_HEADER] = reply.to.join(',');
    }
    if (reply.concurrency === 'parallel') {
      headers[BINDING_CONCURRENCY_HEADER] = 'parallel';
    }
    const bytes = toBytes(reply.data);
    if (bytes.length > 0) {
      headers['content-type'] = 'application/octet-stream';
    }
    return answer(200, bytes.length > 0 ? bytes : null, headers);
  }

  async function invoke(request, path, method, query) {
    if (!VERBS.has(method)) {
      return jsonAnswer(405, { error: `method ${method} is not a Dapr invocation verb` });
    }
    if (typeof handler.onInvoke !== 'function') {
      throw notServed(`no method ${path.slice(1)}`);
    }
    const data = new Uint8Array(await request.arrayBuffer());
    const reply = await handler.onInvoke({
      method: path.slice(1), verb: method, query, contentType: request.headers.get('content-type') ?? '', data,
      metadata: callMetadata(request.headers), ...bodyReaders(data),
    });
    if (reply instanceof Response) {
      const headers = new Headers(reply.headers);
      return answer(reply.status, reply.body, headers);
    }
    const r = reply ?? {};
    const headers = new Headers(r.metadata ?? {});
    if (r.contentType) {
      headers.set('content-type', r.contentType);
    }
    const bytes = toBytes(r.data);
    return answer(r.status ?? 200, bytes.length > 0 ? bytes : null, headers);
  }

  return Object.freeze({ fetch, info });
}

// --- reading deliveries, as the Java WireFormat.readDelivery ---

/**
 * What a POST to a topic route carries: a batch (a JSON object with an `entries` array), a single
 * CloudEvent (`application/cloudevents+json`, or JSON with `specversion`), or neither.
 */
function readDelivery(body, contentType, path, metadata) {
  const cloudEvent = contentType.toLowerCase().startsWith(CLOUDEVENTS_JSON);
  let root;
  try {
    root = parseJson(body, 'CloudEvent');
  } catch (error) {
    if (cloudEvent) {
      throw error;
    }
    return {};
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    if (cloudEvent) {
      throw new BadRequestError('the CloudEvent is not a JSON object');
    }
    return {};
  }
  if (Array.isArray(root.entries) && !('specversion' in root)) {
    return { batch: readBatch(root, path) };
  }
  if (cloudEvent || 'specversion' in root) {
    const event = readCloudEvent(root, 'the CloudEvent');
    return {
      event: topicEvent(event, str(root.topic), str(root.pubsubname), path, metadata),
    };
  }
  return {};
}

function readBatch(root, path) {
  const batchMetadata = stringMap(root.metadata);
  const topicName = str(root.topic);
  const pubsubName = str(root.pubsubname);
  const ids = new Set();
  const entries = root.entries.map((node, index) => {
    const where = `entry #${index}`;
    if (node === null || typeof node !== 'object' || typeof node.entryId !== 'string' || node.entryId === '') {
      throw new BadRequestError(`${where} has no 'entryId'`);
    }
    if (ids.has(node.entryId)) {
      throw new BadRequestError('entry ids must be unique within a batch');
    }
    ids.add(node.entryId);
    const contentType = str(node.contentType);
    const event = node.event;
    if (event === undefined || event === null) {
      throw new BadRequestError(`${where} has no 'event'`);
    }
    let ce = null;
    let data;
    if (typeof event === 'object' && !Array.isArray(event)
        && (contentType.startsWith(CLOUDEVENTS_JSON) || 'specversion' in event)) {
      ce = readCloudEvent(event, where);
    } else if (isJsonContentType(contentType) || typeof event !== 'string') {
      data = event;
    } else {
      data = decodeBase64(event.replace(/\s+/g, ''));
      if (data === null) {
        throw new BadRequestError(`${where}: a raw event of type '${contentType}' must be base64`);
      }
    }
    return Object.freeze({ entryId: node.entryId, cloudEvent: ce, data, contentType,
      metadata: stringMap(node.metadata) });
  });
  const batch = {
    id: str(root.id),
    type: typeof root.type === 'string' ? root.type : 'com.dapr.event.sent.bulk',
    topic: topicName,
    pubsubName,
    path,
    metadata: batchMetadata,
    entries,
    asTopicEvent(entry) {
      const merged = mergeMetadata(batchMetadata, entry.metadata);
      if (entry.cloudEvent) {
        return topicEvent(entry.cloudEvent, topicName, pubsubName, path, merged);
      }
      const raw = {
        id: entry.entryId, source: 'Dapr', type: 'com.dapr.event.sent', specversion: '1.0',
        datacontenttype: entry.contentType || 'application/octet-stream',
      };
      return Object.freeze({ ...topicEvent(raw, topicName, pubsubName, path, merged), data: entry.data });
    },
  };
  return Object.freeze(batch);
}

function readCloudEvent(event, where) {
  const version = event.specversion;
  if (version !== '1.0' && version !== '0.3') {
    throw new BadRequestError(`${where} is not a valid CloudEvent: specversion must be "1.0" (or "0.3"), was`
      + ` ${JSON.stringify(version ?? null)}`);
  }
  for (const name of ['id', 'source', 'type']) {
    if (typeof event[name] !== 'string' || event[name] === '') {
      throw new BadRequestError(`${where} is not a valid CloudEvent: attribute '${name}' is missing`);
    }
  }
  if ('data_base64' in event && event.data_base64 !== null && decodeBase64(String(event.data_base64)) === null) {
    throw new BadRequestError(`${where} is not a valid CloudEvent: data_base64 is not base64`);
  }
  return event;
}

const CONTEXT_ATTRIBUTES = new Set(['specversion', 'id', 'source', 'type', 'datacontenttype', 'dataschema', 'data',
  'data_base64', 'topic', 'pubsubname']);

function topicEvent(event, topicName, pubsubName, path, metadata) {
  const extensions = {};
  for (const [name, value] of Object.entries(event)) {
    if (!CONTEXT_ATTRIBUTES.has(name) && value !== null) {
      extensions[name] = value;
    }
  }
  let data;
  if (event.data_base64 !== undefined && event.data_base64 !== null) {
    data = decodeBase64(String(event.data_base64));
  } else {
    data = event.data === null ? undefined : event.data;
  }
  return Object.freeze({
    id: event.id,
    source: event.source,
    type: event.type,
    specVersion: event.specversion,
    dataContentType: str(event.datacontenttype),
    data,
    topic: topicName || str(event.topic),
    pubsubName: pubsubName || str(event.pubsubname),
    path,
    extensions,
    metadata,
    cloudEvent: event,
  });
}

function topicStatus(value) {
  const status = value === undefined || value === null ? 'SUCCESS'
    : typeof value === 'string' ? value : value.status ?? 'SUCCESS';
  const upper = String(status).toUpperCase();
  if (!TOPIC_STATUSES.has(upper)) {
    throw new TypeError(`a topic handler answered status '${status}': use SUCCESS, RETRY or DROP`);
  }
  return upper;
}

// --- helpers ---

function checkSubscription(s, index) {
  const where = `subscription #${index}`;
  if (s === null || typeof s !== 'object') {
    throw new TypeError(`${where} is not an object`);
  }
  for (const name of ['pubsubname', 'topic']) {
    if (typeof s[name] !== 'string' || s[name].trim() === '') {
      throw new TypeError(`${where} has no '${name}'`);
    }
  }
  const rules = (s.routes?.rules ?? []).map((rule) => {
    if (typeof rule?.path !== 'string') {
      throw new TypeError(`${where} has a rule without 'path'`);
    }
    return { match: String(rule.match ?? ''), path: rule.path };
  });
  const defaultPath = s.routes?.default || s.route || '';
  if (rules.length === 0 && defaultPath === '') {
    throw new TypeError(`${where} (${s.pubsubname}/${s.topic}) has no route: give 'route' or 'routes'`);
  }
  const out = { pubsubname: s.pubsubname, topic: s.topic };
  if (defaultPath) {
    out.route = defaultPath;
  }
  out.routes = { rules };
  if (defaultPath) {
    out.routes.default = defaultPath;
  }
  if (s.metadata && Object.keys(s.metadata).length > 0) {
    out.metadata = stringMap(s.metadata);
  }
  if (s.deadLetterTopic) {
    out.deadLetterTopic = String(s.deadLetterTopic);
  }
  if (s.bulkSubscribe) {
    out.bulkSubscribe = {
      enabled: Boolean(s.bulkSubscribe.enabled),
      maxMessagesCount: nonNegative(s.bulkSubscribe.maxMessagesCount, `${where} bulkSubscribe.maxMessagesCount`),
      maxAwaitDurationMs: nonNegative(s.bulkSubscribe.maxAwaitDurationMs, `${where} bulkSubscribe.maxAwaitDurationMs`),
    };
  }
  return out;
}

function nonNegative(value, what) {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0) {
    throw new TypeError(`${what} must be a non-negative integer, was ${value}`);
  }
  return n;
}

function safe(path, what) {
  try {
    return normalizePath(path.startsWith('/') ? path : `/${path}`);
  } catch (error) {
    throw new TypeError(`a ${what} is not a safe path: ${error.message}`);
  }
}

function stripBase(path, basePath) {
  if (basePath === '/') {
    return path;
  }
  if (path === basePath) {
    return '/';
  }
  return path.startsWith(basePath + '/') ? path.slice(basePath.length) : null;
}

/** The request's headers as call metadata: without the token, the marker and HTTP framing. */
function callMetadata(headers) {
  const tokenInDaprHeader = headers.has(DAPR_AUTHORIZATION);
  const out = {};
  for (const [name, value] of headers) {
    if (!NOT_METADATA.has(name) && !(name === 'authorization' && !tokenInDaprHeader)) {
      out[name] = value;
    }
  }
  return out;
}

function mergeMetadata(batch, entry) {
  const merged = {};
  for (const [name, value] of [...Object.entries(batch), ...Object.entries(entry)]) {
    for (const existing of Object.keys(merged)) {
      if (existing.toLowerCase() === name.toLowerCase()) {
        delete merged[existing]; // names are case-insensitive and the entry wins
      }
    }
    merged[name] = value;
  }
  return merged;
}

function bodyReaders(data) {
  return {
    text: () => new TextDecoder().decode(data),
    json: () => JSON.parse(new TextDecoder().decode(data)),
  };
}

function parseJson(bytes, what) {
  if (bytes.length === 0) {
    throw new BadRequestError(`the ${what} is empty`);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new BadRequestError(`the ${what} is not valid JSON: ${error.message}`);
  }
}

function isJsonContentType(contentType) {
  const type = contentType.toLowerCase().split(';')[0].trim();
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

function stringMap(value) {
  const out = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, v] of Object.entries(value)) {
      out[name] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  return out;
}

function str(value) {
  return typeof value === 'string' ? value : '';
}

function toBytes(data) {
  if (data === undefined || data === null) {
    return new Uint8Array(0);
  }
  if (typeof data === 'string') {
    return new TextEncoder().encode(data);
  }
  if (data instanceof Uint8Array) {
    return data;
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw new TypeError('reply data must be a string, a Uint8Array or an ArrayBuffer');
}

function errorName(error) {
  if (error instanceof Error) {
    return error.constructor?.name || error.name || 'Error';
  }
  return typeof error;
}
