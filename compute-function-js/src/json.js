// A strict JSON reader for token headers and claims: RFC 8259 only, and an object that names a
// member twice is refused (JSON.parse keeps the last one silently, so two verifiers could read
// two different tokens from the same bytes).

/** A JSON number as written, so claims are compared exactly, never through a rounded double. */
export class JsonNumber {
  /** @param {string} text the number's literal text */
  constructor(text) {
    /** @type {string} */
    this.text = text;
  }

  /** @returns {number} the nearest double */
  valueOf() {
    return Number(this.text);
  }

  toString() {
    return this.text;
  }

  toJSON() {
    return Number(this.text);
  }
}

const MAX_DEPTH = 500;

/**
 * Parses exactly one JSON value. Numbers become {@link JsonNumber}s, objects are plain objects
 * with a null prototype.
 *
 * @param {string} text
 * @returns {unknown}
 * @throws {SyntaxError} when `text` is not exactly one JSON value, or an object repeats a member
 */
export function parseStrictJson(text) {
  const parser = new Parser(text);
  parser.space();
  const value = parser.value(0);
  parser.space();
  if (parser.at < text.length) {
    parser.fail('trailing characters');
  }
  return value;
}

class Parser {
  constructor(text) {
    this.text = text;
    this.at = 0;
  }

  fail(why) {
    throw new SyntaxError(`invalid JSON at ${this.at}: ${why}`);
  }

  space() {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        this.at++;
      } else {
        break;
      }
    }
  }

  value(depth) {
    if (depth > MAX_DEPTH) {
      this.fail('nested too deeply');
    }
    const c = this.text[this.at];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c >= '0' && c <= '9')) {
          return this.number();
        }
        return this.fail('unexpected character');
    }
  }

  literal(word, value) {
    if (this.text.startsWith(word, this.at)) {
      this.at += word.length;
      return value;
    }
    return this.fail('unexpected character');
  }

  number() {
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = this.at;
    const found = match.exec(this.text);
    if (!found) {
      this.fail('malformed number');
    }
    this.at += found[0].length;
    return new JsonNumber(found[0]);
  }

  string() {
    const t = this.text;
    let out = '';
    let from = ++this.at;
    for (;;) {
      if (this.at >= t.length) {
        this.fail('unterminated string');
      }
      const c = t.charCodeAt(this.at);
      if (c === 0x22) {
        out += t.slice(from, this.at++);
        return out;
      }
      if (c < 0x20) {
        this.fail('control character in string');
      }
      if (c !== 0x5c) {
        this.at++;
        continue;
      }
      out += t.slice(from, this.at);
      const e = t[this.at + 1];
      this.at += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = t.slice(this.at, this.at + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.fail('bad \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.at += 4;
          break;
        }
        default:
          this.fail('bad escape');
      }
      from = this.at;
    }
  }

  array(depth) {
    this.at++;
    const out = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.at++];
      if (c === ']') {
        return out;
      }
      if (c !== ',') {
        this.fail("expected ',' or ']'");
      }
    }
  }

  object(depth) {
    this.at++;
    const out = Object.create(null);
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') {
        this.fail('expected a member name');
      }
      const name = this.string();
      if (Object.prototype.hasOwnProperty.call(out, name)) {
        this.fail('repeated member');
      }
      this.space();
      if (this.text[this.at++] !== ':') {
        this.fail("expected ':'");
      }
      this.space();
      out[name] = this.value(depth + 1);
      this.space();
      const c = this.text[this.at++];
      if (c === '}') {
        return out;
      }
      if (c !== ',') {
        this.fail("expected ',' or '}'");
      }
    }
  }
}
