import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { SDK_VERSION } from '../src/index.js';

const src = new URL('../src/', import.meta.url);
const modules = readdirSync(src).filter((name) => name.endsWith('.js'));

describe('the package', () => {
  it('imports nothing but its own modules: no dependency, no node: built-in', () => {
    for (const name of modules) {
      const text = readFileSync(new URL(name, src), 'utf8');
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const specifiers = [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
      for (const specifier of specifiers) {
        assert.match(specifier, /^\.\/[a-z0-9-]+\.js$/, `${name} imports ${specifier}`);
        assert.ok(modules.includes(specifier.slice(2)), `${name} imports ${specifier}, which does not exist`);
      }
      assert.doesNotMatch(code, /\bimport\s*\(/, `${name} has a dynamic import`);
      assert.doesNotMatch(code, /\brequire\s*\(/, `${name} uses require`);
      assert.doesNotMatch(code, /\bprocess\.|\bBuffer\b/, `${name} uses a Node-only global`);
    }
  });

  it('reports the npm package\'s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(SDK_VERSION, pkg.version);
    assert.deepEqual(pkg.dependencies ?? {}, {});
  });
});
