// One checked reader for the files an option names (--framework FILE, --sign KEY, --key PUB,
// the report given to verify): a regular file, not larger than a limit, UTF-8 text; every
// problem is one UsageError line naming the option and the path (exit 2). Private keys must
// also be readable by their owner only, as ssh and libpq require of theirs.
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.ts';

export interface InputFileOptions {
  /** largest accepted size in bytes (default 16 MiB) */
  maxBytes?: number;
  /** refuse a file group or others may read (private keys) */
  ownerOnly?: boolean;
}

/** The text of `path`, named by `option` in every message ('' for a file given as an operand). */
export function readInputText(path: string, option: string, opts: InputFileOptions = {}): string {
  const max = opts.maxBytes ?? 16 * 1024 * 1024;
  const shown = JSON.stringify(path);
  const label = option ? `${option}:` : '';
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${label} ${shown} is not a regular file`.trim());
    if (st.size > max) throw new UsageError(`${label} ${shown} is larger than ${max} bytes`.trim());
    if (opts.ownerOnly && (st.mode & 0o077) !== 0) {
      throw new UsageError(`${label} ${shown} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`.trim());
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'file not found' : err.code === 'EACCES' ? 'permission denied' : err.code ?? err.message;
    throw new UsageError(`${label} cannot read ${shown}: ${why}`.trim());
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${label} ${shown} is not UTF-8 text`.trim());
  }
}

/** readInputText, parsed as JSON; a syntax error names the file. */
export function readInputJson(path: string, option: string, opts: InputFileOptions = {}): unknown {
  const text = readInputText(path, option, opts);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${option ? `${option}: ` : ''}${JSON.stringify(path)} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}
