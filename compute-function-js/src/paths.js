// Request paths made safe and comparable, as the Java SafePaths does (protocol section 5):
// normalised like Dapr (path.Clean with a leading /), never above the base, without control
// characters or encoded separators that a server might decode into a traversal. A path has one
// normal form whichever equivalent spelling it arrives in (RFC 3986 6.2.2): escapes of unreserved
// characters decoded (%41 is A), the hex digits of other escapes in upper case (%3a is %3A),
// reserved characters kept encoded; routes are compared in it, as the Java side does.

import { printable } from './messages.js';

const PCHAR_EXTRA = "!$&'()*+,;=:@";

/** A path or query that can never be served; the router answers 400 with the message. */
export class UnsafePathError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

/**
 * `path` relative to the function's base, starting with `/`, percent-encoded, `.` and `..`
 * segments resolved.
 *
 * @param {string} path
 * @returns {string}
 * @throws {UnsafePathError} when it contains CR, LF or NUL, a backslash, an encoded `/` or `\`, or
 *     `..` segments that climb above the base
 */
export function normalizePath(path) {
  if (/[\r\n\0]/.test(path)) {
    throw new UnsafePathError(`method '${printable(path)}' contains a control character (CR, LF or NUL), which`
      + ' can never be sent');
  }
  if (path.includes('\\')) {
    throw new UnsafePathError(`method '${printable(path)}' contains a backslash, which some servers treat as '/':`
      + " use '/' to separate segments");
  }
  const lower = path.toLowerCase();
  if (lower.includes('%2f') || lower.includes('%5c') || lower.includes('%00')) {
    throw new UnsafePathError(`method '${printable(path)}' contains an encoded '/', '\\' or NUL, which a server may`
      + ' decode into another path: send the segments unencoded');
  }
  const segments = [];
  for (const raw of path.split('/')) {
    const segment = normalizeSegment(raw);
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (segments.length === 0) {
        throw new UnsafePathError(`method '${printable(path)}' climbs above the function's base URL with '..':`
          + " remove the '..' segments");
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return '/' + segments.join('/');
}

/** @param {string} c */
function isUnreserved(c) {
  return /^[A-Za-z0-9\-._~]$/.test(c);
}

/** @param {number} octet */
function escape(octet) {
  return '%' + octet.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * The segment in normal form: escapes of unreserved characters decoded, other escapes in upper
 * case, characters that cannot stand in a segment encoded as UTF-8, the rest as it is.
 *
 * @param {string} segment
 * @returns {string}
 */
function normalizeSegment(segment) {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(segment.slice(i + 1, i + 3))) {
      const octet = parseInt(segment.slice(i + 1, i + 3), 16);
      const decoded = String.fromCharCode(octet);
      out += isUnreserved(decoded) ? decoded : escape(octet);
      i += 2;
    } else if (isUnreserved(c) || PCHAR_EXTRA.includes(c)) {
      out += c;
    } else {
      const character = String.fromCodePoint(segment.codePointAt(i));
      i += character.length - 1;
      for (const byte of new TextEncoder().encode(character)) {
        out += escape(byte);
      }
    }
  }
  return out;
}

/**
 * The path and query of a request URL exactly as sent: no URL parser resolves `..` or decodes
 * anything on the way, so {@link normalizePath} judges what the client wrote.
 *
 * @param {string} url an absolute URL, as `Request.url`
 * @returns {{path: string, query: string}} the query without `?`, empty for none
 */
export function splitUrl(url) {
  const scheme = url.indexOf('://');
  const start = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
  if (start < 0) {
    return { path: '/', query: '' };
  }
  let rest = url.slice(start);
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  return question < 0
    ? { path: rest, query: '' }
    : { path: rest.slice(0, question), query: rest.slice(question + 1) };
}
