// Writes the report files for --format/--output. The formats and their file names are the
// registry in src/render/formats.ts; "Full" is Html + Json (the pg_sec_check default).
// Every file is rendered first and written atomically; the target is checked before the audit.
import { accessSync, constants, lstatSync, statSync, statfsSync } from 'node:fs';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { PiiScanDocument } from '../core/pii/scan.ts';
import { UsageError } from '../session/errors.ts';
import { checkInputFile, inputExists, PSEUDO_FS } from '../session/input-file.ts';
import type { Report } from '../core/report.ts';
import type { SensitiveAccessSection } from '../render/sensitive-access.ts';
import type { ReportHistory } from '../render/history.ts';
import { FORMAT_GROUPS, FORMAT_NAMES, formatOf, REPORT_FORMATS, type FileFormat, type FormatName } from '../render/formats.ts';

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
  /** HTML only: the sensitive-access section (sec-check report --sensitive-access-days). */
  sensitiveAccess?: SensitiveAccessSection;
  /** PII scan document for the HTML report's PII section. */
  pii?: PiiScanDocument;
  /** HTML only: the history of a stored run or of the current state (sec-check report). */
  history?: ReportHistory;
}

/** The output cannot be written: one line naming the path; exit 2 like a usage error. */
export class OutputError extends UsageError {}

/** Names of standard output as an --output value: `-` (the usual), /dev/stdout, /dev/fd/1. */
const STDOUT_NAMES = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

/** Whether an output path means standard output (written there, never as a file named so). */
export function isStdout(path: string | undefined): boolean {
  return path !== undefined && STDOUT_NAMES.has(path);
}

/**
 * Where a command's own messages go: stderr when the document itself is written to stdout
 * (so `… --output - | jq` reads one document), else stdout.
 */
export function messageStream(documentToStdout: boolean): (line: string) => void {
  return documentToStdout ? (line) => process.stderr.write(`${line}\n`) : (line) => process.stdout.write(`${line}\n`);
}

// Kernel pseudo filesystems (the list the checked reader refuses too): writing there is never
// a report (and /proc can block).

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ? `${err.code}${err.syscall ? ` (${err.syscall})` : ''}` : String((e as Error)?.message ?? e);
}

/**
 * Checks, before any work, that `path` can be written as a file: its nearest existing
 * ancestor is a writable directory on a real filesystem and the path itself is not a
 * directory or a special file. Throws OutputError naming the path and the problem.
 */
export function checkWritableFile(path: string, option: string): void {
  if (!path || !path.trim()) throw new OutputError(`${option}: empty path`);
  if (isStdout(path)) return;
  if (path.includes('\0')) throw new OutputError(`${option}: path contains a NUL byte`);
  const full = resolve(path);
  let existing = dirname(full);
  for (;;) {
    let st;
    try {
      st = statSync(existing);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Walk up to the nearest thing that exists (ENOTDIR: a file sits on the way).
      if (code === 'ENOENT' || code === 'ENOTDIR') { existing = dirname(existing); continue; }
      throw new OutputError(`${option}: cannot write ${path}: ${existing}: ${errText(e)}`);
    }
    if (!st.isDirectory()) throw new OutputError(`${option}: cannot write ${path}: ${existing} is a file, not a directory`);
    break;
  }
  const fsType = PSEUDO_FS[Number(statfsSync(existing).type)];
  if (fsType) throw new OutputError(`${option}: cannot write ${path}: ${existing} is on the ${fsType} pseudo filesystem`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new OutputError(`${option}: cannot write ${path}: directory ${existing} is not writable (${errText(e)})`);
  }
  let target;
  try {
    target = lstatSync(full);
  } catch {
    return; // does not exist yet: fine
  }
  if (target.isDirectory()) throw new OutputError(`${option}: cannot write ${path}: it is a directory`);
  if (!target.isFile()) throw new OutputError(`${option}: cannot write ${path}: it exists and is not a regular file`);
}

/**
 * A state file the command reads and then replaces (agent --spool, pgaudit --state, listen
 * --heads): what is there now must pass the checked reader (a FIFO, a device, a link into
 * /proc, a huge file are refused before anything runs), and its place must be writable.
 */
export function checkStateFile(path: string, option: string, maxBytes: number): void {
  if (inputExists(path, `${option} ${path}`)) checkInputFile(path, maxBytes, `${option} ${path}`);
  checkWritableFile(path, option);
}

/** Checks every file a --output prefix would produce, before the audit runs. */
export function checkOutputTarget(output: string, formats: FileFormat[]): void {
  if (!output || !output.trim()) throw new OutputError(`--output: empty prefix ${JSON.stringify(output)}`);
  if (isStdout(output)) {
    if (formats.length !== 1) throw new OutputError(`--output ${output}: standard output takes one format, not ${formats.join(' and ')} (give --format Json, Html, Sarif or Junit)`);
    return;
  }
  if (/[\\/]$/.test(output)) throw new OutputError(`--output: ${JSON.stringify(output)} ends with a slash; give a file name prefix such as ${output}audit`);
  for (const f of formats) checkWritableFile(outputPath(output, f), '--output');
}

/**
 * Writes files all or nothing: every text is already rendered; each goes to a temporary
 * file beside its target, and only when all are written are they renamed into place.
 * On failure the temporaries and any directory created here are removed.
 */
export async function writeFilesAtomically(all: { path: string; text: string }[], option: string): Promise<string[]> {
  // standard output (`-`) gets its text after every file was written, so a failed write prints nothing
  const toStdout = all.filter((f) => isStdout(f.path));
  const files = all.filter((f) => !isStdout(f.path));
  const written = files.length ? await writeFiles(files, option) : [];
  for (const f of toStdout) await new Promise<void>((done, fail) => process.stdout.write(f.text, (e) => (e ? fail(new OutputError(`${option}: cannot write to standard output: ${e.message}`)) : done())));
  return [...written, ...toStdout.map(() => '-')];
}

async function writeFiles(files: { path: string; text: string }[], option: string): Promise<string[]> {
  const created: string[] = [];
  const temps: string[] = [];
  let current = files[0]?.path ?? '';
  let done = false;
  try {
    for (const { path } of files) {
      current = path;
      const first = await mkdir(dirname(resolve(path)), { recursive: true });
      if (first) created.push(first);
    }
    for (const { path, text } of files) {
      current = path;
      const temp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`);
      temps.push(temp);
      await writeFile(temp, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 });
    }
    // Renames cannot fail on a directory in the way if none is there now; if one still
    // fails, the files already renamed that did not exist before are taken back.
    const existed: boolean[] = [];
    for (const { path } of files) {
      current = path;
      const st = await lstat(resolve(path)).catch(() => null);
      if (st?.isDirectory()) throw new Error('it is a directory');
      existed.push(st !== null);
    }
    const renamed: string[] = [];
    try {
      for (let i = 0; i < files.length; i++) {
        current = files[i].path;
        await rename(temps[i], resolve(files[i].path));
        if (!existed[i]) renamed.push(resolve(files[i].path));
      }
    } catch (e) {
      for (const r of renamed) await rm(r, { force: true }).catch(() => undefined);
      throw e;
    }
    done = true;
    return files.map((f) => f.path);
  } catch (e) {
    throw new OutputError(`${option}: cannot write ${current}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    if (!done) {
      for (const t of temps) await rm(t, { force: true }).catch(() => undefined);
      for (const d of created.reverse()) await rm(d, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/** Renders every requested format first, then writes them all at once; returns the paths. */
export async function writeReports(report: Report, opts: WriteOptions): Promise<string[]> {
  const formats = parseFormat(opts.format);
  checkOutputTarget(String(opts.output ?? ''), formats);
  const files = formats.map((f) => ({ path: isStdout(opts.output) ? '-' : outputPath(opts.output, f), text: formatOf(f).render(report, { locale: opts.locale, sensitiveAccess: opts.sensitiveAccess, pii: opts.pii, history: opts.history }) }));
  return writeFilesAtomically(files, '--output');
}
