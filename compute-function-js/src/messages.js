// Untrusted text in messages and headers.

/** The longest untrusted value a message shows. */
export const MAX_SHOWN = 64;

/**
 * `value` made safe to show: printable ASCII only (anything else becomes `?`, so no CR or LF can
 * reach a header), at most 64 characters (longer values end in `...`).
 *
 * @param {string} value
 * @returns {string}
 */
export function quote(value) {
  const text = String(value);
  let shown = '';
  const length = Math.min(text.length, MAX_SHOWN);
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    shown += c >= 0x20 && c < 0x7f ? text[i] : '?';
  }
  return text.length > MAX_SHOWN ? shown + '...' : shown;
}

/**
 * A path or other text with control characters shown as `\xNN`, at most 200 characters.
 *
 * @param {string} text
 * @returns {string}
 */
export function printable(text) {
  let out = '';
  for (let i = 0; i < text.length && i < 200; i++) {
    const c = text.charCodeAt(i);
    out += c < 0x20 || c === 0x7f ? '\\x' + c.toString(16).padStart(2, '0') : text[i];
  }
  return text.length > 200 ? out + '...' : out;
}
