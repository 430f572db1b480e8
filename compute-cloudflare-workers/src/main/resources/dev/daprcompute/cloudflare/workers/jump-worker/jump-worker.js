// The dapr-compute jump worker: a Cloudflare module worker in front of the user's worker (an
// ordinary Dapr HTTP app). It verifies every request's token, answers the info document itself,
// and forwards everything else, without our token, to the user's worker through a service binding;
// it marks the user's answers with Dapr-Compute-Protocol: 1. When the user's worker cannot be
// reached (the service binding's fetch throws), it answers 502 WITHOUT the marker: that is the
// platform failing, so a topic event is retried, never dropped (protocol section 4).
//
// Bindings (see jump-worker.json):
//   PUBLIC_KEYS     json or plain_text: the component's public key(s): a JWK Set (several keys =
//                   rotation), a JWK or SPKI PEM
//   AUDIENCE        plain_text: the audience tokens must name (a JSON array of several allowed)
//   TARGET          service: the user's worker
//   INPUT_BINDINGS  json or plain_text, optional: the input bindings the user's worker serves, for
//                   the info document (a JSON array, or names separated by commas); Dapr HTTP apps
//                   cannot list them themselves
//   JUMP_WORKER_VERSION  plain_text, written by the provider: the version it uploaded, which it reads
//                   back from the script's settings; this worker does not read it

import { splitUrl } from './paths.js';
import {
  AUTHORIZATION, DAPR_AUTHORIZATION, FEATURE_BULK_TOPIC_EVENTS, INFO_PATH, infoDocument, jsonAnswer, MARKER_HEADER,
  markResponse, SUBSCRIBE_PATH, tokenRejectedAnswer,
} from './protocol.js';
import { createTokenVerifier, TokenRejectedError } from './token.js';

// This jump worker's version, in its info document; the provider upgrades workers older than its own.
// Not exported: a module worker's every export is an entrypoint to workerd.
const JUMP_WORKER_VERSION = '1.0.0';

// The name in the info document.
const JUMP_WORKER_SDK = 'dapr-compute-cloudflare-jump-worker';

/** One verifier per key and audience setting, made on first use, shared by the isolate's requests. */
let cached = null;

export default {
  /**
   * @param {Request} request
   * @param {{PUBLIC_KEYS?: unknown, AUDIENCE?: unknown, TARGET?: {fetch: typeof fetch}, INPUT_BINDINGS?: unknown}} env
   * @returns {Promise<Response>}
   */
  async fetch(request, env) {
    let verifier;
    try {
      verifier = await verifierFor(env);
    } catch (error) {
      console.error(`dapr-compute jump worker: ${error.message}`);
      return jsonAnswer(500, { error: `the jump worker is misconfigured: ${error.message}` });
    }
    try {
      await verifier.verify(request.headers);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        return tokenRejectedAnswer(error);
      }
      throw error;
    }
    if (request.method === 'GET' && splitUrl(request.url).path === INFO_PATH) {
      return info(request, env);
    }
    let response;
    try {
      response = await env.TARGET.fetch(new Request(request, { headers: forwardedHeaders(request.headers),
        redirect: 'manual' }));
    } catch (error) {
      return unreachable(error);
    }
    return markResponse(response);
  },
};

async function verifierFor(env) {
  if (env.TARGET === undefined || typeof env.TARGET.fetch !== 'function') {
    throw new Error("binding TARGET is missing: add a service binding named TARGET to the user's worker");
  }
  const keys = env.PUBLIC_KEYS;
  if (keys === undefined || keys === null || keys === '') {
    throw new Error("binding PUBLIC_KEYS is missing: the component's public key(s) as a JWK Set, a JWK or PEM");
  }
  const audience = audiences(env.AUDIENCE);
  const source = `${typeof keys === 'string' ? keys : JSON.stringify(keys)}\n${JSON.stringify(audience)}`;
  if (cached === null || cached.source !== source) {
    const promise = createTokenVerifier({ publicKeys: keys, audience }).catch((error) => {
      throw new Error(`binding PUBLIC_KEYS: ${error.message}`);
    });
    cached = { source, promise };
  }
  return cached.promise;
}

function audiences(value) {
  let list = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      list = JSON.parse(value);
    } catch {
      list = null;
    }
  }
  list = typeof list === 'string' ? [list.trim()] : list;
  if (!Array.isArray(list) || list.length === 0 || list.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw new Error('binding AUDIENCE is missing or blank: the audience the component signs for (its'
      + " 'audience' metadata, by default the worker's name)");
  }
  return list;
}

function inputBindings(value) {
  if (value === undefined || value === null) {
    return [];
  }
  let list = value;
  if (typeof value === 'string') {
    const text = value.trim();
    try {
      list = text.startsWith('[') ? JSON.parse(text) : text.split(/[\s,]+/).filter((name) => name !== '');
    } catch {
      list = null;
    }
  }
  if (!Array.isArray(list) || list.some((name) => typeof name !== 'string')) {
    throw new Error('binding INPUT_BINDINGS must be a JSON array of names, or names separated by commas');
  }
  return list;
}

/** The request's headers without our token (and the marker), as the user's worker gets them. */
function forwardedHeaders(headers) {
  const forwarded = new Headers(headers);
  const tokenInDaprHeader = forwarded.has(DAPR_AUTHORIZATION);
  forwarded.delete(DAPR_AUTHORIZATION);
  if (!tokenInDaprHeader) {
    forwarded.delete(AUTHORIZATION);
  }
  forwarded.delete(MARKER_HEADER);
  return forwarded;
}

/**
 * The info document: this worker's version, the input bindings from INPUT_BINDINGS, and the
 * feature bulkTopicEvents when one of the user's subscriptions asks for bulk delivery (only such
 * routes ever get batches from Dapr). Reading the subscriptions also proves the user's worker is
 * reachable: when it is not, init sees a platform failure and retries.
 */
async function info(request, env) {
  let bindings;
  try {
    bindings = inputBindings(env.INPUT_BINDINGS);
  } catch (error) {
    return jsonAnswer(500, { error: `the jump worker is misconfigured: ${error.message}` });
  }
  const headers = forwardedHeaders(request.headers);
  let response;
  try {
    response = await env.TARGET.fetch(new Request(new URL(SUBSCRIBE_PATH, request.url), { headers,
      redirect: 'manual' }));
  } catch (error) {
    return unreachable(error);
  }
  const features = [];
  if (response.ok) {
    try {
      const subscriptions = await response.json();
      if (Array.isArray(subscriptions) && subscriptions.some((s) => s?.bulkSubscribe?.enabled === true)) {
        features.push(FEATURE_BULK_TOPIC_EVENTS);
      }
    } catch {
      // not a subscription list: no bulk; the component reads /dapr/subscribe itself and reports it
    }
  } else {
    await response.body?.cancel();
  }
  return jsonAnswer(200, infoDocument({ version: JUMP_WORKER_VERSION, sdk: JUMP_WORKER_SDK, features,
    inputBindings: bindings }));
}

/** The user's worker threw or could not be reached: the platform's failure, so no marker. */
function unreachable(error) {
  const name = error instanceof Error ? error.constructor?.name || error.name : typeof error;
  console.error('dapr-compute jump worker: the target worker failed or could not be reached:', error);
  return new Response(JSON.stringify({ error: `the target worker failed or could not be reached (${name})` }),
    { status: 502, headers: { 'content-type': 'application/json' } });
}
