// Shared by the report tests: the sample reports and a JSON Schema validator of the contract.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Report } from '../../src/core/report.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export function sample(locale: 'en' | 'ru' = 'en'): Report {
  return JSON.parse(readFileSync(join(ROOT, `test/report/fixtures/sample-${locale}.json`), 'utf8'));
}

export function reportValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema/report-v1.schema.json'), 'utf8')));
}
