// Signed reports without a server: the signature covers the canonical JSON of the document
// without its signature member, so re-indenting or reordering members keeps it valid, while one
// changed character, a removed result, two results swapped, an edited signature block or
// another key each fail verification; the signed document still matches the report schema and
// its HTML page shows the fingerprint it was rendered from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { signReport, verifyReport } from '../../src/signing/report-signature.ts';
import { keyFingerprint } from '../../src/signing/keys.ts';
import { renderHtml } from '../../src/render/html.ts';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { reportValidator, sample } from './load.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const signed = signReport(sample('en'), privateKey, new Date('2026-11-22T03:00:00Z'));
const text = `${JSON.stringify(signed, null, 2)}\n`;
const reparse = () => JSON.parse(text);

test('a signed report verifies, also re-indented and with its members reordered', () => {
  assert.equal(verifyReport(reparse(), publicKey).state, 'valid');
  const reordered = Object.fromEntries(Object.entries(reparse()).reverse());
  assert.equal(verifyReport(JSON.parse(JSON.stringify(reordered)), publicKey).state, 'valid');
  const v = verifyReport(reparse(), publicKey);
  assert.ok(v.state === 'valid' && v.fingerprint === keyFingerprint(publicKey) && v.fingerprint === signed.signature!.key_fingerprint);
  assert.ok(reportValidator()(signed), 'the signed document is a format_version 1 report');
});

test('tampering fails: a changed byte, a removed result, a reordered array, an edited signature, another key', () => {
  const changedByte = (() => {
    const i = text.indexOf('"short_description": "') + '"short_description": "'.length;
    return JSON.parse(text.slice(0, i) + (text[i] === 'X' ? 'Y' : 'X') + text.slice(i + 1));
  })();
  const removed = reparse(); removed.results.splice(1, 1);
  const reordered = reparse(); [reordered.results[0], reordered.results[1]] = [reordered.results[1], reordered.results[0]];
  const summary = reparse(); summary.summary.by_status.Error = 0;
  const sigEdited = reparse(); sigEdited.signature.signed_at = '2020-01-01T00:00:00.000Z'; // outside the signed bytes: still valid
  const digestEdited = reparse(); digestEdited.signature.document_sha256 = '0'.repeat(64);
  const valueEdited = reparse();
  const raw = Buffer.from(valueEdited.signature.value, 'base64'); raw[0] ^= 1; valueEdited.signature.value = raw.toString('base64');
  for (const [what, doc] of [['changed byte', changedByte], ['removed result', removed], ['reordered results', reordered],
    ['changed count', summary], ['edited digest', digestEdited], ['edited signature value', valueEdited]] as const) {
    assert.equal(verifyReport(doc, publicKey).state, 'invalid', what);
  }
  assert.equal(verifyReport(sigEdited, publicKey).state, 'valid', 'signed_at is a claim beside the signature, not signed');
  const wrongKey = verifyReport(reparse(), other.publicKey);
  assert.ok(wrongKey.state === 'invalid' && /signed with key SHA256:.* not with the given key/.test(wrongKey.reason));
});

test('a missing or malformed signature block is broken input, not a failed verification', () => {
  const noSig = reparse(); delete noSig.signature;
  const badAlg = reparse(); badAlg.signature.algorithm = 'RSA';
  const shortValue = reparse(); shortValue.signature.value = 'AAAA';
  const extra = reparse(); extra.signature.note = 'x';
  for (const [what, doc] of [['no signature', noSig], ['algorithm', badAlg], ['value', shortValue], ['extra member', extra], ['array', []]] as const) {
    assert.equal(verifyReport(doc, publicKey).state, 'broken', what);
  }
});

test('the signature covers exactly the canonical JSON of the rest of the document', () => {
  const { signature, ...rest } = reparse();
  const bytes = Buffer.from(canonicalJson(rest), 'utf8');
  assert.equal(createHash('sha256').update(bytes).digest('hex'), signature.document_sha256);
  assert.ok(verify(null, bytes, publicKey, Buffer.from(signature.value, 'base64')), 'any Ed25519 verifier over these bytes agrees');
});

test('the HTML page of a signed report shows the fingerprint it was rendered from', () => {
  const html = renderHtml(signed);
  assert.ok(html.includes(signed.signature!.document_sha256), 'document digest');
  assert.ok(html.includes(signed.signature!.key_fingerprint), 'key fingerprint');
  assert.doesNotMatch(renderHtml(sample('en')), /id="signature"/);
});
