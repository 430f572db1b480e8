// Shared by sign.mjs and verify.mjs: one JSON request on stdin, one JSON answer on stdout.
// Keys and tokens travel through stdin and stdout only, never through argv (visible in ps).

export async function readRequest() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export function answer(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

// The harness failed (bad request, jose missing...): not an answer about a token.
export function fail(error) {
  process.stderr.write(`${error?.name ?? 'Error'}: ${error?.message ?? error}\n`);
  process.exit(2);
}
