// Writes the report files for --format/--output (pg_sec_check naming):
//   Json  -> <output>.json
//   Html  -> <output>_web/index.html   (one self-contained page)
//   Sarif -> <output>.sarif
//   Junit -> <output>.junit.xml
//   Full  -> Html + Json (the pg_sec_check default)
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Report } from '../core/report.ts';
import { renderHtml } from '../report/html.ts';
import { renderJson } from '../report/json.ts';
import { renderJunit } from '../report/junit.ts';
import { renderSarif } from '../report/sarif.ts';

export type ReportFormat = 'Full' | 'Html' | 'Json' | 'Sarif' | 'Junit';
export type FileFormat = Exclude<ReportFormat, 'Full'>;

const NAMES: Record<string, ReportFormat> = { full: 'Full', html: 'Html', json: 'Json', sarif: 'Sarif', junit: 'Junit' };
// Write order: the JSON first, so a crash in a renderer still leaves the data behind.
const FILE_ORDER: FileFormat[] = ['Json', 'Html', 'Sarif', 'Junit'];

/**
 * Parses --format: one name or a comma list, case-insensitive ("full", "Html,SARIF").
 * Returns the file formats to write, deduplicated, in write order (Full = Json + Html).
 * Throws naming the bad value.
 */
export function parseFormat(value: string | string[]): FileFormat[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v ?? '').split(','));
  const wanted = new Set<FileFormat>();
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const f = NAMES[part.toLowerCase()];
    if (!f) throw new Error(`unknown report format "${part}": expected Full, Html, Json, Sarif or Junit (comma-separated for several)`);
    if (f === 'Full') {
      wanted.add('Json');
      wanted.add('Html');
    } else wanted.add(f);
  }
  if (!wanted.size) throw new Error(`empty report format "${String(value)}": expected Full, Html, Json, Sarif or Junit`);
  return FILE_ORDER.filter((f) => wanted.has(f));
}

/** The path each file format is written to for a given --output base name. */
export function outputPath(output: string, format: FileFormat): string {
  switch (format) {
    case 'Json':
      return `${output}.json`;
    case 'Html':
      return join(`${output}_web`, 'index.html');
    case 'Sarif':
      return `${output}.sarif`;
    case 'Junit':
      return `${output}.junit.xml`;
  }
}

export interface WriteOptions {
  format: ReportFormat | string | string[];
  /** Base name, e.g. "output" or "reports/audit_2026-11-22". */
  output: string;
  /** HTML locale override; defaults to report.run.locale. */
  locale?: string;
}

/** Renders and writes the requested formats; returns the written paths in write order. */
export async function writeReports(report: Report, opts: WriteOptions): Promise<string[]> {
  const formats = parseFormat(opts.format);
  if (!opts.output || !String(opts.output).trim()) throw new Error('empty --output base name');
  const written: string[] = [];
  for (const f of formats) {
    const path = outputPath(opts.output, f);
    const text =
      f === 'Json'
        ? renderJson(report)
        : f === 'Html'
          ? renderHtml(report, { locale: opts.locale })
          : f === 'Sarif'
            ? renderSarif(report)
            : renderJunit(report);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    written.push(path);
  }
  return written;
}
