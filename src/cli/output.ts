// Writes the report files for --format/--output. The formats and their file names are the
// registry in src/report/formats.ts; "Full" is Html + Json (the pg_sec_check default).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Report } from '../core/report.ts';
import { FORMAT_GROUPS, FORMAT_NAMES, formatOf, REPORT_FORMATS, type FileFormat, type FormatName } from '../report/formats.ts';

export type { FileFormat };

/** The --format line of the help text. */
export const FORMAT_HELP = `${Object.entries(FORMAT_GROUPS).map(([name, parts]) => `${name} (${parts.join('+')}, default)`).join(', ')}, ${REPORT_FORMATS.map((f) => f.name).join(', ')}, or a comma list`;

const EXPECTED = `expected ${FORMAT_NAMES.slice(0, -1).join(', ')} or ${FORMAT_NAMES[FORMAT_NAMES.length - 1]}`;

/**
 * Parses --format: one name or a comma list, case-insensitive ("full", "Html,SARIF").
 * Returns the file formats to write, deduplicated, in write order. Throws naming the bad value.
 */
export function parseFormat(value: string | string[]): FileFormat[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v ?? '').split(','));
  const wanted = new Set<FileFormat>();
  for (const raw of parts) {
    const part = raw.trim().toLowerCase();
    if (!part) continue;
    const group = Object.entries(FORMAT_GROUPS).find(([name]) => name.toLowerCase() === part)?.[1];
    const single = REPORT_FORMATS.find((f) => f.name.toLowerCase() === part)?.name;
    if (!group && !single) throw new Error(`unknown report format "${raw.trim()}": ${EXPECTED} (comma-separated for several)`);
    for (const f of group ?? [single!]) wanted.add(f);
  }
  if (!wanted.size) throw new Error(`empty report format "${String(value)}": ${EXPECTED}`);
  return REPORT_FORMATS.map((f) => f.name).filter((f) => wanted.has(f));
}

/** The path each file format is written to for a given --output base name. */
export function outputPath(output: string, format: FileFormat): string {
  return formatOf(format).file(output);
}

export interface WriteOptions {
  format: FormatName | string | string[];
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
    const text = formatOf(f).render(report, { locale: opts.locale });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    written.push(path);
  }
  return written;
}
