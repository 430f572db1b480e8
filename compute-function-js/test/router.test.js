import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { createRouter, createTokenVerifier, notServed } from '../src/index.js';
import { claims, generateKey, header, jws } from './support/forge.js';

const quiet = { info() {}, warn() {} };
let key;
let token;
let router;
const seen = [];

const handler = {
  subscriptions: [
    { pubsubname: 'pubsub', topic: 'orders', route: '/orders' },
    { pubsubname: 'pubsub', topic: 'audit', routes: { rules: [{ match: 'event.type == "x"', path: 'audit/x' }],
      default: 'audit' }, bulkSubscribe: { enabled: true, maxMessagesCount: 10 } },
  ],
  inputBindings: ['checkout'],
  async onInvoke(request) {
    seen.push(request);
    if (request.method === 'missing') {
      throw notServed('no such method');
    }
    if (request.method === 'broken') {
      throw new RangeError('secret detail');
    }
    if (request.method === 'response') {
      return new Response('made', { status: 201, headers: { 'x-made': 'yes' } });
    }
    return {
      status: 200, contentType: 'application/json', metadata: { 'x-reply': 'r' },
      data: JSON.stringify({ method: request.method, verb: request.verb, query: request.query,
        contentType: request.contentType, body: request.text(), metadata: request.metadata }),
    };
  },
  async onTopicEvent(event) {
    seen.push(event);
    const answerWith = typeof event.data === 'object' && event.data !== null ? event.data.answer : undefined;
    if (answerWith === 'throw') {
      throw new Error('boom');
    }
    if (answerWith === 'unserved') {
      throw notServed();
    }
    return answerWith;
  },
  async onBindingEvent(event) {
    seen.push(event);
    return { data: `receipt for ${event.text()}`, to: ['out1', 'out2'], concurrency: 'parallel' };
  },
};

before(async () => {
  key = await generateKey();
  token = await jws(key, header(key), claims('orders-fn', Math.floor(Date.now() / 1000)));
  router = createRouter({ handler, verifier: createTokenVerifier({ publicKeys: key.jwk, audience: 'orders-fn' }),
    logger: quiet, version: '1.2.3' });
});

function request(method, path, { body, headers = {}, auth = true } = {}) {
  const all = new Headers(headers);
  if (auth) {
    all.set('authorization', `Bearer ${token}`);
  }
  return router.fetch(new Request(`http://fn.example${path}`, { method, body, headers: all }));
}

function cloudEvent(data, extra = {}) {
  return JSON.stringify({ specversion: '1.0', id: 'e-1', source: 'checkout', type: 'order.created',
    datacontenttype: 'application/json', data, topic: 'orders', pubsubname: 'pubsub', traceparent: '00-abc', ...extra });
}

describe('protocol requests', () => {
  it('the info document, marked', async () => {
    const response = await request('GET', '/.well-known/dapr/info');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
    assert.deepEqual(await response.json(), { protocol: 1, version: '1.2.3', sdk: 'dapr-compute-js',
      features: ['bulkTopicEvents'], inputBindings: ['checkout'] });
  });

  it('the subscriptions in Dapr\'s format', async () => {
    const response = await request('GET', '/dapr/subscribe');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), [
      { pubsubname: 'pubsub', topic: 'orders', route: '/orders', routes: { rules: [], default: '/orders' } },
      { pubsubname: 'pubsub', topic: 'audit', route: 'audit',
        routes: { rules: [{ match: 'event.type == "x"', path: 'audit/x' }], default: 'audit' },
        bulkSubscribe: { enabled: true, maxMessagesCount: 10, maxAwaitDurationMs: 0 } },
    ]);
  });

  it('every request needs a token, info included: 401 with the reason, marked', async () => {
    const response = await request('GET', '/.well-known/dapr/info', { auth: false });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
    assert.equal(response.headers.get('www-authenticate'), 'Bearer error="invalid_token", error_description="no'
      + " token: send it as 'Authorization: Bearer <token>' or 'Dapr-Authorization: Bearer <token>'\"");
    assert.equal((await response.json()).error, 'invalid_token');
  });

  it('a token for another audience is refused before the handler runs', async () => {
    const other = await jws(key, header(key), claims('payments', Math.floor(Date.now() / 1000)));
    const before = seen.length;
    const response = await router.fetch(new Request('http://fn.example/echo', {
      method: 'POST', body: 'x', headers: { authorization: `Bearer ${other}` } }));
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /wrong audience 'payments'/);
    assert.equal(seen.length, before);
  });
});

describe('invocations', () => {
  it('verb, method, query, content type, body and metadata; the token and framing are not metadata', async () => {
    const response = await request('PUT', '/orders/42?x=1&y=%20', {
      body: 'hello', headers: { 'content-type': 'text/plain', 'x-tenant': 't1', 'dapr-compute-protocol': '1' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
    assert.equal(response.headers.get('x-reply'), 'r');
    const echo = await response.json();
    assert.equal(echo.method, 'orders/42');
    assert.equal(echo.verb, 'PUT');
    assert.equal(echo.query, 'x=1&y=%20');
    assert.equal(echo.contentType, 'text/plain');
    assert.equal(echo.body, 'hello');
    assert.equal(echo.metadata['x-tenant'], 't1');
    for (const name of ['authorization', 'dapr-authorization', 'dapr-compute-protocol', 'content-type', 'host']) {
      assert.equal(name in echo.metadata, false, name);
    }
  });

  it('with the token in Dapr-Authorization, Authorization is the caller\'s and stays metadata', async () => {
    const response = await router.fetch(new Request('http://fn.example/echo', { method: 'POST', headers: {
      'dapr-authorization': `Bearer ${token}`, authorization: 'Basic cGxhdGZvcm0=' } }));
    const echo = await response.json();
    assert.equal(echo.metadata.authorization, 'Basic cGxhdGZvcm0=');
    assert.equal('dapr-authorization' in echo.metadata, false);
  });

  it('paths are normalised as Dapr does; climbing above the base is a 400', async () => {
    assert.equal((await (await request('GET', '/a/./b/../c')).json()).method, 'a/c');
    // Node's Request resolves dot segments itself; workerd hands them over as sent, as this does.
    const raw = { url: 'http://fn.example/a/%2e%2e/%2e%2e/etc', method: 'GET', arrayBuffer: async () => new ArrayBuffer(0),
      headers: new Headers({ authorization: `Bearer ${token}` }) };
    const response = await router.fetch(raw);
    assert.equal(response.status, 400);
    assert.match((await response.clone().json()).error, /climbs above the function's base URL/);
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
    assert.equal((await request('GET', '/a%2Fb')).status, 400);
  });

  it('a handler\'s Response is passed through, marked', async () => {
    const response = await request('POST', '/response');
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-made'), 'yes');
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
    assert.equal(await response.text(), 'made');
  });

  it('not served is a 404; a failing handler a 500 naming the error class only', async () => {
    const missing = await request('GET', '/missing');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: 'no such method' });
    const broken = await request('GET', '/broken');
    assert.equal(broken.status, 500);
    assert.equal(broken.headers.get('dapr-compute-protocol'), '1');
    assert.deepEqual(await broken.json(), { error: 'the handler failed: RangeError' });
  });

  it('a handler without onInvoke does not serve invocations; an accidental TypeError is a 500, not a 404', async () => {
    const bare = createRouter({ handler: { onInvoke: () => undefined.x }, logger: quiet,
      verifier: createTokenVerifier({ publicKeys: key.jwk, audience: 'orders-fn' }) });
    const failing = await bare.fetch(new Request('http://fn.example/x', { headers: { authorization: `Bearer ${token}` } }));
    assert.equal(failing.status, 500);
    assert.deepEqual(await failing.json(), { error: 'the handler failed: TypeError' });
    const none = createRouter({ handler: {}, logger: quiet,
      verifier: createTokenVerifier({ publicKeys: key.jwk, audience: 'orders-fn' }) });
    const notServedAnswer = await none.fetch(new Request('http://fn.example/x', {
      headers: { authorization: `Bearer ${token}` } }));
    assert.equal(notServedAnswer.status, 404);
  });

  it('a method that is not a Dapr verb is a 405', async () => {
    assert.equal((await request('PROPFIND', '/x')).status, 405);
  });
});

describe('topic events', () => {
  for (const [answerWith, status] of [[undefined, 'SUCCESS'], ['retry', 'RETRY'], ['DROP', 'DROP'],
    ['throw', null], ['unserved', null]]) {
    it(`a CloudEvent whose handler answers ${answerWith}`, async () => {
      const response = await request('POST', '/orders', { body: cloudEvent({ answer: answerWith }),
        headers: { 'content-type': 'application/cloudevents+json', pubsubname: 'pubsub' } });
      assert.equal(response.headers.get('dapr-compute-protocol'), '1');
      if (answerWith === 'throw') {
        assert.equal(response.status, 500); // Dapr retries
      } else if (answerWith === 'unserved') {
        assert.equal(response.status, 404); // Dapr drops
      } else {
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { status });
      }
    });
  }

  it('the event as the handler sees it', async () => {
    await request('POST', '/orders', { body: cloudEvent({ n: 1 }),
      headers: { 'content-type': 'application/cloudevents+json', pubsubname: 'pubsub' } });
    const event = seen.at(-1);
    assert.equal(event.id, 'e-1');
    assert.equal(event.topic, 'orders');
    assert.equal(event.pubsubName, 'pubsub');
    assert.equal(event.path, '/orders');
    assert.deepEqual(event.data, { n: 1 });
    assert.equal(event.extensions.traceparent, '00-abc');
    assert.equal(event.metadata.pubsubname, 'pubsub');
  });

  it('data_base64 arrives as bytes', async () => {
    await request('POST', '/orders', { body: JSON.stringify({ specversion: '1.0', id: 'b', source: 's', type: 't',
      datacontenttype: 'application/octet-stream', data_base64: 'AAECAw==' }),
    headers: { 'content-type': 'application/cloudevents+json' } });
    assert.deepEqual([...seen.at(-1).data], [0, 1, 2, 3]);
  });

  it('a route of a rule takes events too', async () => {
    const response = await request('POST', '/audit/x', { body: cloudEvent({ answer: 'drop' }),
      headers: { 'content-type': 'application/cloudevents+json' } });
    assert.deepEqual(await response.json(), { status: 'DROP' });
  });

  it('a malformed CloudEvent is a 400', async () => {
    for (const body of ['{', JSON.stringify({ specversion: '1.0', source: 's', type: 't' }), '[1]']) {
      const response = await request('POST', '/orders', { body, headers: { 'content-type': 'application/cloudevents+json' } });
      assert.equal(response.status, 400, body);
    }
    const neither = await request('POST', '/orders', { body: '{"hello":1}', headers: { 'content-type': 'application/json' } });
    assert.equal(neither.status, 400);
    assert.match((await neither.json()).error, /neither a CloudEvent nor a batch/);
  });

  it('a batch: each entry through onTopicEvent; throwing entries RETRY, unserved ones DROP', async () => {
    const batch = {
      id: 'b-1', type: 'com.dapr.event.sent.bulk', topic: 'audit', pubsubname: 'pubsub', metadata: { k: 'batch' },
      entries: [
        { entryId: '1', event: JSON.parse(cloudEvent({ answer: 'success' })), metadata: { k: 'entry' },
          contentType: 'application/cloudevents+json' },
        { entryId: '2', event: { answer: 'retry' }, metadata: {}, contentType: 'application/json' },
        { entryId: '3', event: 'AAECAw==', metadata: {}, contentType: 'application/octet-stream' },
        { entryId: '4', event: { answer: 'throw' }, metadata: {}, contentType: 'application/json' },
        { entryId: '5', event: { answer: 'unserved' }, metadata: {}, contentType: 'application/json' },
      ],
    };
    const before = seen.length;
    const response = await request('POST', '/audit', { body: JSON.stringify(batch),
      headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { statuses: [
      { entryId: '1', status: 'SUCCESS' }, { entryId: '2', status: 'RETRY' }, { entryId: '3', status: 'SUCCESS' },
      { entryId: '4', status: 'RETRY' }, { entryId: '5', status: 'DROP' }] });
    const [first, second, third] = seen.slice(before);
    assert.equal(first.topic, 'audit');
    assert.equal(first.metadata.k, 'entry', 'the entry\'s metadata wins');
    assert.equal(second.id, '2');
    assert.equal(second.source, 'Dapr');
    assert.equal(second.dataContentType, 'application/json');
    assert.deepEqual([...third.data], [0, 1, 2, 3]);
    assert.equal(third.dataContentType, 'application/octet-stream');
  });

  it('a malformed batch is a 400', async () => {
    for (const entries of [[{ event: {} }], [{ entryId: '1' }], [{ entryId: '1', event: 'not base64!',
      contentType: 'application/octet-stream' }], [{ entryId: '1', event: {} }, { entryId: '1', event: {} }]]) {
      const response = await request('POST', '/audit', { body: JSON.stringify({ entries }) });
      assert.equal(response.status, 400, JSON.stringify(entries));
    }
  });
});

describe('bindings', () => {
  it('an input binding event and its reply', async () => {
    const response = await request('POST', '/checkout', { body: 'order 7',
      headers: { 'content-type': 'application/json', 'x-key': 'v' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('dapr-binding-to'), 'out1,out2');
    assert.equal(response.headers.get('dapr-binding-concurrency'), 'parallel');
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
    assert.equal(await response.text(), 'receipt for order 7');
    const event = seen.at(-1);
    assert.equal(event.name, 'checkout');
    assert.equal(event.metadata['x-key'], 'v');
  });

  it('daprd\'s OPTIONS probe', async () => {
    const response = await request('OPTIONS', '/checkout');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
  });
});

describe('router settings', () => {
  it('a base path the platform leaves on every path is stripped', async () => {
    const based = createRouter({ handler, logger: quiet, basePath: '/api/dapr',
      verifier: createTokenVerifier({ publicKeys: key.jwk, audience: 'orders-fn' }) });
    const response = await based.fetch(new Request('http://fn.example/api/dapr/.well-known/dapr/info', {
      headers: { authorization: `Bearer ${token}` } }));
    assert.equal(response.status, 200);
    const outside = await based.fetch(new Request('http://fn.example/other', { headers: { authorization: `Bearer ${token}` } }));
    assert.equal(outside.status, 404);
  });

  it('builds its verifier from publicKeys and audience; unusable keys are a 500 naming why', async () => {
    const fromKeys = createRouter({ handler, logger: quiet, publicKeys: key.pem, audience: 'orders-fn' });
    const ok = await fromKeys.fetch(new Request('http://fn.example/.well-known/dapr/info', {
      headers: { authorization: `Bearer ${token}` } }));
    assert.equal(ok.status, 200);
    const broken = createRouter({ handler, logger: quiet, publicKeys: 'nonsense', audience: 'orders-fn' });
    const response = await broken.fetch(new Request('http://fn.example/x'));
    assert.equal(response.status, 500);
    assert.match((await response.json()).error, /neither PEM nor a JWK/);
  });

  it('refuses a router without verifier, and subscriptions without route', () => {
    assert.throws(() => createRouter({ handler }), /every request must be verified/);
    assert.throws(() => createRouter({ handler: { subscriptions: [{ pubsubname: 'p', topic: 't' }] },
      publicKeys: key.pem, audience: 'a' }), /has no route/);
  });
});
