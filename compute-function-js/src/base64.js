// Base64 and base64url without dependencies: the same code runs in workerd, Node and browsers.

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STANDARD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const URL_VALUES = valuesOf(URL_ALPHABET);
const STANDARD_VALUES = valuesOf(STANDARD_ALPHABET);

function valuesOf(alphabet) {
  const values = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) {
    values[alphabet.charCodeAt(i)] = i;
  }
  return values;
}

/**
 * Decodes canonical base64url without padding (RFC 7515 section 2): only `A-Z a-z 0-9 - _`, no
 * `=`, no length that leaves a lone character, and zero bits wherever the last character has bits
 * that carry no data. Anything else is refused, so a token has exactly one spelling.
 *
 * @param {string} text
 * @returns {Uint8Array | null} the bytes, or null when `text` is not canonical base64url
 */
export function decodeBase64UrlStrict(text) {
  return decode(text, URL_VALUES, false, true);
}

/**
 * Decodes base64url leniently (padding allowed, unused bits ignored), as JWK readers do.
 *
 * @param {string} text
 * @returns {Uint8Array | null} the bytes, or null when `text` is not base64url
 */
export function decodeBase64Url(text) {
  return decode(text, URL_VALUES, true, false);
}

/**
 * Decodes standard base64 (padding optional, unused bits ignored).
 *
 * @param {string} text
 * @returns {Uint8Array | null} the bytes, or null when `text` is not base64
 */
export function decodeBase64(text) {
  return decode(text, STANDARD_VALUES, true, false);
}

/**
 * @param {Uint8Array} bytes
 * @returns {string} base64url without padding
 */
export function encodeBase64Url(bytes) {
  return encode(bytes, URL_ALPHABET, false);
}

/**
 * @param {Uint8Array} bytes
 * @returns {string} standard base64 with padding
 */
export function encodeBase64(bytes) {
  return encode(bytes, STANDARD_ALPHABET, true);
}

function decode(text, values, allowPadding, canonical) {
  if (typeof text !== 'string') {
    return null;
  }
  let end = text.length;
  if (allowPadding) {
    if (end % 4 === 0 && text.endsWith('==')) {
      end -= 2;
    } else if (end % 4 === 0 && text.endsWith('=')) {
      end -= 1;
    }
  }
  if (end % 4 === 1) {
    return null;
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? values[code] : -1;
    if (value < 0) {
      return null;
    }
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  if (canonical && bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) {
    return null; // the last character has data-free bits set: another spelling of the same bytes
  }
  return out;
}

function encode(bytes, alphabet, pad) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + (pad ? '=' : '');
  }
  return out;
}
