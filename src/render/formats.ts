// The report formats, one entry each: its --format name, the file it is written to for an
// --output prefix (pg_sec_check naming) and its renderer. CLI help, --format parsing and
// output naming all iterate this list, so a new format is one entry here.
import type { Report } from '../core/report.ts';
import { renderHtml } from './html.ts';
import type { PiiScanDocument } from '../core/pii/scan.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderSarif } from './sarif.ts';
import type { SensitiveAccessSection } from './sensitive-access.ts';
import type { ReportHistory } from './history.ts';

export interface RenderOptions {
  /** Language of the page chrome (HTML); defaults to the run's locale. */
  locale?: string;
  /** HTML only: the optional sensitive-access section. */
  sensitiveAccess?: SensitiveAccessSection;
  /** A PII scan document to add to the HTML report (sec-check report --pii). */
  pii?: PiiScanDocument;
  /** HTML only: each group's score over time and what changed (sec-check report). */
  history?: ReportHistory;
}

export interface ReportFormat {
  name: string;
  /** One line for --help. */
  summary: string;
  /** The file written for an --output prefix ("audit" -> "audit.json"). */
  file(output: string): string;
  render(report: Report, options: RenderOptions): string;
}

/** In write order: the JSON first, so a crash in a renderer still leaves the data behind. */
export const REPORT_FORMATS = [
  { name: 'Json', summary: 'PREFIX.json, the report document', file: (o: string) => `${o}.json`, render: (r: Report) => renderJson(r) },
  { name: 'Html', summary: 'PREFIX_web/index.html, one self-contained page', file: (o: string) => `${o}_web/index.html`, render: (r: Report, opts: RenderOptions) => renderHtml(r, { locale: opts.locale, sensitiveAccess: opts.sensitiveAccess, pii: opts.pii, history: opts.history }) },
  { name: 'Sarif', summary: 'PREFIX.sarif, SARIF 2.1.0 for code scanning', file: (o: string) => `${o}.sarif`, render: (r: Report) => renderSarif(r) },
  { name: 'Junit', summary: 'PREFIX.junit.xml, JUnit XML for CI', file: (o: string) => `${o}.junit.xml`, render: (r: Report) => renderJunit(r) },
] as const satisfies readonly ReportFormat[];

export type FileFormat = (typeof REPORT_FORMATS)[number]['name'];

/** Names that stand for several formats (pg_sec_check's default "Full"). */
export const FORMAT_GROUPS: Record<string, readonly FileFormat[]> = { Full: ['Json', 'Html'] };

export type FormatName = FileFormat | keyof typeof FORMAT_GROUPS;

/** Every name --format accepts, for help and error messages. */
export const FORMAT_NAMES: string[] = [...Object.keys(FORMAT_GROUPS), ...REPORT_FORMATS.map((f) => f.name)];

export function formatOf(name: FileFormat): ReportFormat {
  return REPORT_FORMATS.find((f) => f.name === name)!;
}
