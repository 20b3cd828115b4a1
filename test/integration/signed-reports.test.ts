// Signed reports through the CLI on a real server: `run --sign KEY` and `report --run ID
// --sign KEY` (a stored run exported signed) write a signature `sec-check verify` accepts with
// the public key (exit 0); the HTML page names the JSON it was rendered from; one changed byte,
// a removed result and a reordered array each fail verification (exit 1); another key fails
// too; bad keys and broken signature blocks are one line, exit 2, and nothing is written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startWithSecCheck, tempPrefix } from './support.ts';

let server: Cluster;
let key = '';
let pub = '';
let otherPub = '';
let rsaKey = '';

function keyPair(prefix: string, algorithm = 'ed25519'): { key: string; pub: string } {
  const k = `${prefix}.key`;
  execFileSync('openssl', ['genpkey', '-algorithm', algorithm, '-out', k], { stdio: 'ignore' });
  chmodSync(k, 0o600);
  execFileSync('openssl', ['pkey', '-in', k, '-pubout', '-out', `${k}.pub`], { stdio: 'ignore' });
  return { key: k, pub: `${k}.pub` };
}

before(async () => {
  server = await startWithSecCheck();
  ({ key, pub } = keyPair(tempPrefix('signer')));
  otherPub = keyPair(tempPrefix('other')).pub;
  rsaKey = keyPair(tempPrefix('rsa'), 'rsa').key;
});
after(async () => {
  await server?.stop();
});

const verify = (file: string, pubKey = pub) => cli(['verify', file, '--key', pubKey]);

test('run --sign: verify accepts the JSON; the HTML page shows the digest and key it was rendered from', async () => {
  const out = tempPrefix('signed-run');
  const res = await cli(['run', ...connArgs(server), '--groups', 'logging', '--framework', 'cis-pg17', '--sign', key, '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.equal(doc.signature.algorithm, 'Ed25519');
  assert.ok(doc.compliance, 'the compliance section is signed with the rest');
  assert.match(res.stdout, new RegExp(`^signed: canonical JSON SHA-256 ${doc.signature.document_sha256}, key SHA256:`, 'm'));
  const ok = await verify(`${out}.json`);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, new RegExp(`^verified: .* signed with key ${doc.signature.key_fingerprint.replace(/[+/]/g, '\\$&')} at .* \\(canonical JSON SHA-256 ${doc.signature.document_sha256}\\)\\n$`));
  const html = readFileSync(`${out}_web/index.html`, 'utf8');
  assert.ok(html.includes(doc.signature.document_sha256) && html.includes(doc.signature.key_fingerprint), 'HTML names the signed JSON');
  const wrongKey = await verify(`${out}.json`, otherPub);
  assert.equal(wrongKey.code, 1);
  assert.match(wrongKey.stdout, /^FAILED: .*: it was signed with key SHA256:\S+, not with the given key SHA256:\S+\n$/);
});

test('a stored run exported signed (report --run ID --sign): one changed byte, a removed result, a reordered array each fail', async () => {
  await server.query('SELECT count(*) FROM sec_check.run(ARRAY[\'logging\'])');
  const [{ id }] = await server.query('SELECT max(id)::text AS id FROM sec_check.runs');
  const out = tempPrefix('signed-stored');
  const res = await cli(['report', '--run', id, ...connArgs(server), '--sign', key, '--format', 'Json', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const text = readFileSync(`${out}.json`, 'utf8');
  const doc = JSON.parse(text);
  assert.equal(String(doc.run.id), id);
  assert.equal((await verify(`${out}.json`)).code, 0);
  // re-indented and with members reordered: still the signed document (canonical JSON)
  const reformatted = `${out}.reformatted.json`;
  writeFileSync(reformatted, JSON.stringify(Object.fromEntries(Object.entries(doc).reverse())));
  assert.equal((await verify(reformatted)).code, 0, 'whitespace and member order are not part of what is signed');

  const at = text.indexOf('"short_description": "') + '"short_description": "'.length;
  const tampered: [string, string][] = [
    ['one changed byte', text.slice(0, at) + (text[at] === 'Z' ? 'Y' : 'Z') + text.slice(at + 1)],
    ['a removed result', JSON.stringify({ ...doc, results: doc.results.slice(1) })],
    ['a reordered array', JSON.stringify({ ...doc, results: [doc.results[1], doc.results[0], ...doc.results.slice(2)] })],
    ['a changed status', JSON.stringify({ ...doc, results: doc.results.map((r: { status: string }, i: number) => (i === 0 ? { ...r, status: 'Success' } : r)) })],
  ];
  assert.notEqual(doc.results[0].status, 'Success', 'the first result is not already a Success');
  for (const [what, body] of tampered) {
    const file = `${out}.tampered.json`;
    writeFileSync(file, body);
    const r = await verify(file);
    assert.equal(r.code, 1, `${what}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^FAILED: .*the signature does not match the document \(changed after signing/, what);
  }
});

test('bad keys and broken signatures: one line, exit 2, nothing written', async () => {
  const out = tempPrefix('signed-ok');
  assert.equal((await cli(['run', ...connArgs(server), '--groups', 'installation', '--sign', key, '--format', 'Json', '--output', out, '--fail-on', 'never'])).code, 0);
  const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const loose = tempPrefix('loose.key');
  writeFileSync(loose, readFileSync(key));
  chmodSync(loose, 0o644);
  const notKey = tempPrefix('not.key');
  writeFileSync(notKey, 'hello\n', { mode: 0o600 });
  const runCases: [string[], RegExp][] = [
    [['--sign', loose], /^sec-check run: --sign: ".*loose\.key" is readable by group or others \(mode 644\); chmod 600 it$/],
    [['--sign', notKey], /^sec-check run: --sign: cannot use ".*not\.key" as a private key: it is not a PEM key/],
    [['--sign', rsaKey], /^sec-check run: --sign: ".*rsa\.key" is an rsa key; sec-check signs with Ed25519 keys/],
    [['--sign', `${notKey}.absent`], /^sec-check run: --sign \S*absent: file not found$/],
    [['--sign', key, '--format', 'Html'], /^sec-check run: --sign signs the JSON report: use --format Json or Full$/],
  ];
  for (const [args, expected] of runCases) {
    const prefix = tempPrefix('bad-sign');
    const res = await cli(['run', ...connArgs(server), '--groups', 'installation', ...args, '--output', prefix]);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr.trim(), expected);
    assert.equal(res.stderr.trim().split('\n').length, 1);
    assert.ok(!existsSync(`${prefix}.json`) && !existsSync(`${prefix}_web`), 'nothing written');
  }
  const file = (name: string, body: unknown) => { const p = tempPrefix(name); writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body)); return p; };
  const verifyCases: [string[], RegExp][] = [
    [[file('nosig.json', { ...doc, signature: undefined }), '--key', pub], /^sec-check verify: ".*nosig\.json": broken signature: it has no "signature" member/],
    [[file('badsig.json', { ...doc, signature: { ...doc.signature, value: 'not base64!' } }), '--key', pub], /broken signature: signature\.value: unexpected value "not base64!"$/],
    [[file('alg.json', { ...doc, signature: { ...doc.signature, algorithm: 'HS256' } }), '--key', pub], /broken signature: signature\.algorithm: unexpected value "HS256"$/],
    [[file('notjson.json', '{"format":'), '--key', pub], /^sec-check verify: .*notjson\.json: not valid JSON/],
    [[`${out}.json`, '--key', notKey], /^sec-check verify: --key: cannot use ".*not\.key" as a public key: it is not a PEM key/],
    [[`${out}.json`, '--key', rsaKey], /^sec-check verify: --key: ".*rsa\.key" is an rsa key/],
    [[`${out}.json`], /^sec-check verify: --key PUBLIC_KEY\.pem is required/],
    [['--key', pub], /^sec-check verify: give the report file: sec-check verify REPORT\.json --key PUBLIC_KEY\.pem$/],
  ];
  for (const [args, expected] of verifyCases) {
    const res = await cli(['verify', ...args]);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stdout}${res.stderr}`);
    assert.match(res.stderr.trim(), expected);
    assert.equal(res.stderr.trim().split('\n').length, 1);
  }
});
