// Signing and verifying report JSON (docs/signed-reports.md). What is signed: the report
// document as its JSON file holds it, without the "signature" member, in canonical JSON
// (RFC 8785, src/core/canonical-json.ts), UTF-8 encoded; the signature is Ed25519 (Node's
// crypto). Canonical JSON makes the signature independent of whitespace and member order but
// not of any value or of array order: one changed character, a removed result or two results
// swapped all fail verification.
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.ts';
import type { Report, ReportSignature } from '../core/report.ts';
import { keyFingerprint } from './keys.ts';

/** The bytes a signature covers: the document as JSON would carry it, without "signature". */
export function signedBytes(doc: Record<string, unknown>): Buffer {
  const { signature: _ignored, ...rest } = doc;
  // through JSON first: the signature covers what the file holds (undefined members dropped)
  return Buffer.from(canonicalJson(JSON.parse(JSON.stringify(rest))), 'utf8');
}

/** The report with its signature block (any earlier one replaced). */
export function signReport(report: Report, key: KeyObject, now = new Date()): Report {
  const bytes = signedBytes(report as unknown as Record<string, unknown>);
  const signature: ReportSignature = {
    algorithm: 'Ed25519',
    canonicalization: 'JCS (RFC 8785)',
    document_sha256: createHash('sha256').update(bytes).digest('hex'),
    key_fingerprint: keyFingerprint(key),
    value: sign(null, bytes, key).toString('base64'),
    signed_at: now.toISOString(),
  };
  const { signature: _old, ...rest } = report;
  return { ...rest, signature };
}

export type Verification =
  | { state: 'valid'; digest: string; fingerprint: string; signedAt: string }
  | { state: 'invalid'; reason: string }
  | { state: 'broken'; reason: string };

const SIGNATURE_FIELDS: Record<keyof ReportSignature, RegExp> = {
  algorithm: /^Ed25519$/,
  canonicalization: /^JCS \(RFC 8785\)$/,
  document_sha256: /^[0-9a-f]{64}$/,
  key_fingerprint: /^SHA256:[A-Za-z0-9+/]{43}=$/,
  value: /^[A-Za-z0-9+/]{86}==$/,
  signed_at: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
};

/**
 * Verifies a parsed document against a public key. `broken`: the signature block is missing
 * or malformed (bad input); `invalid`: well formed, but the document or the key is not the one
 * signed.
 */
export function verifyReport(doc: unknown, key: KeyObject): Verification {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { state: 'broken', reason: 'the file is not a JSON object' };
  const sig = (doc as Record<string, unknown>).signature;
  if (sig === undefined) return { state: 'broken', reason: 'it has no "signature" member (sign reports with --sign KEY)' };
  if (typeof sig !== 'object' || sig === null || Array.isArray(sig)) return { state: 'broken', reason: 'its "signature" member is not an object' };
  const s = sig as Record<string, unknown>;
  for (const [field, re] of Object.entries(SIGNATURE_FIELDS)) {
    if (typeof s[field] !== 'string' || !re.test(s[field] as string)) return { state: 'broken', reason: `signature.${field}: unexpected value ${JSON.stringify(s[field])?.slice(0, 100)}` };
  }
  const extra = Object.keys(s).find((k) => !(k in SIGNATURE_FIELDS));
  if (extra) return { state: 'broken', reason: `signature.${extra}: unknown member` };
  let bytes: Buffer;
  try {
    bytes = signedBytes(doc as Record<string, unknown>);
  } catch (e) {
    return { state: 'broken', reason: `the document has no canonical form: ${(e as Error).message}` };
  }
  const fingerprint = keyFingerprint(key);
  if (fingerprint !== s.key_fingerprint) {
    return { state: 'invalid', reason: `it was signed with key ${s.key_fingerprint as string}, not with the given key ${fingerprint}` };
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (!verify(null, bytes, key, Buffer.from(s.value as string, 'base64'))) {
    return { state: 'invalid', reason: `the signature does not match the document (changed after signing: its canonical JSON has SHA-256 ${digest}, the signed one ${s.document_sha256 as string})` };
  }
  if (digest !== s.document_sha256) {
    return { state: 'invalid', reason: `signature.document_sha256 ${s.document_sha256 as string} is not the signed document's ${digest}` };
  }
  return { state: 'valid', digest, fingerprint, signedAt: s.signed_at as string };
}
