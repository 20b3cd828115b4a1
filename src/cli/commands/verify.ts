// `sec-check verify REPORT --key PUB`: checks a signed report JSON (run/report --sign KEY).
// Exit 0: the document is exactly what the key's owner signed; 1: it is not (changed after
// signing, or signed by another key); 2: bad input (no such file, not JSON, no or a broken
// signature block, an unusable key), one line naming it.
import { nonEmpty } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { INPUT_CAPS, readInputJson } from '../../session/input-file.ts';
import { loadPublicKey } from '../../signing/keys.ts';
import { verifyReport } from '../../signing/report-signature.ts';

export const verifyCommand: Command = {
  name: 'verify',
  help: `sec-check verify REPORT.json --key PUBLIC_KEY.pem
  checks the Ed25519 signature of a report written with run/report --sign KEY: exit 0 when the
  JSON is exactly what was signed (its canonical JSON, RFC 8785), 1 when it is not (changed
  after signing, or signed with another key), 2 when the file, its signature block or the key
  cannot be used`,
  options: {
    key: { type: 'string' },
  },
  operand: 'REPORT',
  async run(values, path) {
    if (path === undefined) throw new UsageError('give the report file: sec-check verify REPORT.json --key PUBLIC_KEY.pem');
    const keyPath = nonEmpty(values.key, '--key');
    if (keyPath === undefined) throw new UsageError('--key PUBLIC_KEY.pem is required (the public half of the key the report was signed with)');
    const key = loadPublicKey(keyPath);
    const doc = readInputJson(path, INPUT_CAPS.document, path);
    const result = verifyReport(doc, key);
    if (result.state === 'broken') throw new UsageError(`${JSON.stringify(path)}: broken signature: ${result.reason}`);
    if (result.state === 'invalid') {
      console.log(`FAILED: ${path}: ${result.reason}`);
      return 1;
    }
    console.log(`verified: ${path} is the document signed with key ${result.fingerprint} at ${result.signedAt} (canonical JSON SHA-256 ${result.digest})`);
    return 0;
  },
};
