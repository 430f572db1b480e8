import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalizePath, splitUrl, UnsafePathError } from '../src/paths.js';

describe('normalizePath, as the Java SafePaths', () => {
  for (const [path, normal] of [
    ['orders', '/orders'], ['/a//b/', '/a/b'], ['/a/./b/../c', '/a/c'], ['/a/%2E%2e/b', '/b'],
    ['/caf\u00e9 au lait', '/caf%C3%A9%20au%20lait'], ['/a%20b', '/a%20b'], ['/100%', '/100%25'],
    ['/%41%62c', '/Abc'], ['/a%3ab', '/a%3Ab'], ['/a%3Ab', '/a%3Ab'], ['/a:b', '/a:b'], ['/%7e%2D', '/~-'],
    ['/caf%c3%a9', '/caf%C3%A9'], ['/\ud800.', '/%EF%BF%BD.'],
    ['/x:y@z', '/x:y@z'], ['', '/'],
  ]) {
    it(`${JSON.stringify(path)} -> ${normal}`, () => assert.equal(normalizePath(path), normal));
  }
  for (const [path, why] of [
    ['/../x', /climbs above/], ['/a/%2e%2e/%2E%2E/x', /climbs above/], ['/a%2fb', /encoded/], ['/a%5Cb', /encoded/],
    ['/a%00', /encoded/], ['/a\\b', /backslash/], ['/a\r\nb', /control character/],
  ]) {
    it(`refuses ${JSON.stringify(path)}`, () => {
      assert.throws(() => normalizePath(path), (e) => e instanceof UnsafePathError && why.test(e.message));
    });
  }
});

describe('splitUrl keeps the path as sent', () => {
  it('path and query', () => {
    assert.deepEqual(splitUrl('http://h:1/a/%2e%2e/b?x=1&y=2#frag'), { path: '/a/%2e%2e/b', query: 'x=1&y=2' });
    assert.deepEqual(splitUrl('https://h'), { path: '/', query: '' });
    assert.deepEqual(splitUrl('http://h/?'), { path: '/', query: '' });
  });
});
