// Reading a PII scan document back (sec-check report --pii FILE): the shape is checked
// field by field so a wrong or edited file fails with one line naming the field.
import { PII_CATEGORIES } from '../core/pii/rules.ts';
import type { PiiFinding, PiiScanDocument } from '../core/pii/scan.ts';
import { SEVERITIES } from '../core/vocabulary.ts';
import { UsageError } from '../session/errors.ts';
import { INPUT_CAPS, readInputText } from '../session/input-file.ts';

export class PiiDocumentError extends Error {}

function need(cond: boolean, where: string, what: string, value: unknown): void {
  if (!cond) {
    const shown = JSON.stringify(value) ?? String(value);
    throw new PiiDocumentError(`${where}: expected ${what}, found ${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}`);
  }
}

const isStr = (v: unknown) => typeof v === 'string';
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Parses and checks a sec_check-pii document; `file` names it in errors. */
export function readPiiDocument(text: string, file: string): PiiScanDocument {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PiiDocumentError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  need(typeof doc === 'object' && doc !== null && !Array.isArray(doc), file, 'a JSON object', doc);
  need(doc.format === 'sec_check-pii', `${file}: format`, '"sec_check-pii" (a document written by sec-check pii --json)', doc.format);
  need(doc.format_version === 1, `${file}: format_version`, '1', doc.format_version);
  for (const k of ['database', 'started_at', 'finished_at']) need(isStr(doc[k]), `${file}: ${k}`, 'a string', doc[k]);
  for (const k of ['tables_scanned', 'columns_scanned']) need(isCount(doc[k]), `${file}: ${k}`, 'a non-negative integer', doc[k]);
  need(Array.isArray(doc.skipped), `${file}: skipped`, 'an array', doc.skipped);
  need(Array.isArray(doc.findings), `${file}: findings`, 'an array', doc.findings);
  (doc.findings as Record<string, unknown>[]).forEach((f, i) => {
    const at = `${file}: findings[${i}]`;
    need(typeof f === 'object' && f !== null, at, 'an object', f);
    for (const k of ['schema_name', 'table_name', 'column_name', 'rule_id', 'masked_sample']) need(isStr(f[k]), `${at}.${k}`, 'a string', f[k]);
    need((PII_CATEGORIES as readonly unknown[]).includes(f.category), `${at}.category`, `one of ${PII_CATEGORIES.join(', ')}`, f.category);
    need((SEVERITIES as readonly unknown[]).includes(f.severity), `${at}.severity`, `one of ${SEVERITIES.join(', ')}`, f.severity);
    need(isCount(f.match_count) && isCount(f.sampled), `${at}.match_count`, 'non-negative integers match_count and sampled', f.match_count);
    need(typeof f.confidence === 'number' && (f.confidence as number) >= 0 && (f.confidence as number) <= 1, `${at}.confidence`, 'a number from 0 to 1', f.confidence);
    need(typeof f.primary_key === 'object' && f.primary_key !== null && !Array.isArray(f.primary_key), `${at}.primary_key`, 'an object', f.primary_key);
    need((f.masked_sample as string).includes('***'), `${at}.masked_sample`, 'a masked sample (containing ***)', '(not shown)');
  });
  (doc.skipped as Record<string, unknown>[]).forEach((s, i) => {
    need(typeof s === 'object' && s !== null && isStr(s.schema_name) && isStr(s.table_name) && isStr(s.reason), `${file}: skipped[${i}]`, 'an object with schema_name, table_name, reason', s);
  });
  return doc as unknown as PiiScanDocument;
}

export type { PiiFinding, PiiScanDocument };

/** The PII document of `sec-check report --pii FILE`: read and checked, errors as one usage line. */
export function loadPiiDocument(path: string): PiiScanDocument {
  const text = readInputText(path, INPUT_CAPS.document, `--pii ${path}`);
  try {
    return readPiiDocument(text, path);
  } catch (e) {
    if (e instanceof PiiDocumentError) throw new UsageError(`--pii: ${e.message}`);
    throw e;
  }
}
