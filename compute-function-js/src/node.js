// Hosts a router on Node's http server (an OpenFaaS function with of-watchdog in http mode, a
// container, a VM). Needs nothing but the objects node:http hands to its listener.

import { jsonAnswer } from './protocol.js';

/** The largest request body read unless told otherwise: 4 MiB, as daprd's default. */
export const DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;

/**
 * A `node:http` request listener answering with `router`:
 *
 * ```js
 * import { createServer } from 'node:http';
 * createServer(nodeListener(router)).listen(8080);
 * ```
 *
 * @param {{fetch: (request: Request) => Promise<Response>}} router
 * @param {{maxBodySize?: number, onError?: (error: unknown) => void}} [options] bodies over
 *     `maxBodySize` are answered 413
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function nodeListener(router, options = {}) {
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  const onError = options.onError ?? ((error) => console.error('dapr-compute: answering failed', error));
  return (req, res) => {
    serve(req, res).catch((error) => {
      onError(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
      }
      res.end();
    });
  };

  async function serve(req, res) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > maxBodySize) {
        await write(res, jsonAnswer(413, { error: `the request body is over ${maxBodySize} bytes` }));
        req.resume();
        return;
      }
      chunks.push(chunk);
    }
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'HEAD' || size === 0 ? null : concat(chunks, size);
    const host = headers.get('host') ?? 'localhost';
    const request = new Request(`http://${host}${req.url ?? '/'}`, { method, headers, body });
    await write(res, await router.fetch(request));
  }
}

function concat(chunks, size) {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function write(res, response) {
  const headers = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') {
      headers[name] = value;
    }
  }
  const cookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
  if (cookies.length > 0) {
    headers['set-cookie'] = cookies;
  }
  const body = new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}
