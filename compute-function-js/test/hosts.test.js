import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';

import { createRouter } from '../src/index.js';
import { lambdaHandler } from '../src/lambda.js';
import { nodeListener } from '../src/node.js';
import { claims, generateKey, header, jws } from './support/forge.js';

let token;
let router;

const handler = {
  onInvoke(request) {
    return { status: 202, contentType: 'application/octet-stream', metadata: { 'x-verb': request.verb },
      data: new Uint8Array([0, 1, 2, 255, ...new TextEncoder().encode(request.query)]) };
  },
};

before(async () => {
  const key = await generateKey();
  token = await jws(key, header(key), claims('fn', Math.floor(Date.now() / 1000)));
  router = createRouter({ handler, publicKeys: key.jwk, audience: 'fn', logger: { info() {}, warn() {} } });
});

describe('node:http', () => {
  let server;
  let base;

  before(async () => {
    server = createServer(nodeListener(router, { maxBodySize: 16 })).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  it('answers through the router, binary bodies intact', async () => {
    const response = await fetch(`${base}/m?q=1`, { method: 'PUT', body: 'small', headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 202);
    assert.equal(response.headers.get('dapr-compute-protocol'), '1');
    assert.equal(response.headers.get('x-verb'), 'PUT');
    assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [0, 1, 2, 255, 113, 61, 49]);
  });

  it('refuses bodies over maxBodySize with 413, and requests without token with 401', async () => {
    const big = await fetch(`${base}/m`, { method: 'POST', body: 'x'.repeat(17), headers: { authorization: `Bearer ${token}` } });
    assert.equal(big.status, 413);
    const none = await fetch(`${base}/m`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate'), /^Bearer error="invalid_token"/);
  });
});

describe('AWS Lambda (payload v2.0)', () => {
  it('an event in, a result out; binary bodies as base64', async () => {
    const result = await lambdaHandler(router)({
      version: '2.0', rawPath: '/m', rawQueryString: 'a=b', headers: { authorization: `Bearer ${token}` },
      requestContext: { http: { method: 'POST' }, domainName: 'x.lambda-url.eu-west-1.on.aws' },
      body: 'aGVsbG8=', isBase64Encoded: true,
    });
    assert.equal(result.statusCode, 202);
    assert.equal(result.headers['dapr-compute-protocol'], '1');
    assert.equal(result.isBase64Encoded, true);
    assert.deepEqual([...Buffer.from(result.body, 'base64')], [0, 1, 2, 255, 97, 61, 98]);
  });

  it('text bodies as text; a bad event is a marked 400', async () => {
    const info = await lambdaHandler(router)({ version: '2.0', rawPath: '/.well-known/dapr/info',
      headers: { authorization: `Bearer ${token}` }, requestContext: { http: { method: 'GET' } } });
    assert.equal(info.statusCode, 200);
    assert.equal(info.isBase64Encoded, false);
    assert.equal(JSON.parse(info.body).protocol, 1);
    const bad = await lambdaHandler(router)({ version: '1.0' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers['dapr-compute-protocol'], '1');
  });
});
