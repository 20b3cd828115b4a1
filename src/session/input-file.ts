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

/** The text of `path`, named by `option` in every message. */
export function readInputText(path: string, option: string, opts: InputFileOptions = {}): string {
  const max = opts.maxBytes ?? 16 * 1024 * 1024;
  const shown = JSON.stringify(path);
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${option}: ${shown} is not a regular file`);
    if (st.size > max) throw new UsageError(`${option}: ${shown} is larger than ${max} bytes`);
    if (opts.ownerOnly && (st.mode & 0o077) !== 0) {
      throw new UsageError(`${option}: ${shown} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`);
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'file not found' : err.code === 'EACCES' ? 'permission denied' : err.code ?? err.message;
    throw new UsageError(`${option}: cannot read ${shown}: ${why}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${option}: ${shown} is not UTF-8 text`);
  }
}

/** readInputText, parsed as JSON; a syntax error names the file. */
export function readInputJson(path: string, option: string, opts: InputFileOptions = {}): unknown {
  const text = readInputText(path, option, opts);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${option}: ${JSON.stringify(path)} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}
