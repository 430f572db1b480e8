// Judges the Java-made table of VerifierAgreementTest with this SDK's verifier:
//   node test/support/agreement.js table.json
// Prints {"<case name>": {"ok": true} | {"ok": false, "description": "..."}} on stdout.

import { readFileSync } from 'node:fs';

import { createTokenVerifier, TokenRejectedError } from '../../src/index.js';

const table = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const verifiers = {};
for (const [name, setting] of Object.entries(table.verifiers)) {
  verifiers[name] = await createTokenVerifier({ ...setting, now: () => table.now });
}
const answers = {};
for (const c of table.cases) {
  try {
    await verifiers[c.verifier].verify(new Headers(c.headers));
    answers[c.name] = { ok: true };
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) {
      throw error;
    }
    answers[c.name] = { ok: false, description: error.description };
  }
}
process.stdout.write(JSON.stringify(answers));
