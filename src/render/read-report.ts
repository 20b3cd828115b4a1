// A stored report (sec_check.report_json, a JSON file) is checked against
// schema/report-v1.schema.json once, where it is read; renderers then trust its shape.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import schema from '../../schema/report-v1.schema.json';
import type { Report } from '../core/report.ts';

/** The document is not a format_version 1 report; lists what is wrong with it. */
export class ReportShapeError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source} is not a sec_check report (format_version 1): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
    this.name = 'ReportShapeError';
  }
}

let validate: ValidateFunction | undefined;

/** Checks a parsed document against the report schema; returns it typed, or throws ReportShapeError. */
export function readReport(doc: unknown, source: string): Report {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(doc)) return doc as Report;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  throw new ReportShapeError(source, problems.length ? problems : ['does not match the schema']);
}
