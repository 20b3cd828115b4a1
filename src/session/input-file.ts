// The one checked reader for every file a command reads (packs, TOML files, password and
// certificate files, reports, state and spool files, pg_hba.conf, pgpass, pg_service.conf, log
// files) and every directory an option names. A path must lead to a regular file (a FIFO
// would block the read, a device such as /dev/zero never ends) on a real file system (a
// symlink into /proc or /sys leads to files whose size says 0 and whose reads block or never
// end); its size is checked before anything is read and the read stops at the cap even if
// the file grows. The type is checked before the file is opened, so a FIFO or a device is
// never opened at all, and again on the open descriptor (the path may be swapped between).
// Every problem is one line, `<path>: <why>`, as an InputFileError (a usage error: exit 2).
import { closeSync, constants, fstatSync, openSync, readSync, statfsSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/** A file or directory named by an option or a file cannot be used: one line naming it. */
export class InputFileError extends UsageError {}

/** Kernel pseudo file systems (statfs f_type): nothing there is a document or a directory of ours. */
export const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc', 0x62656572: 'sysfs', 0x1373: 'devtmpfs', 0x27e0eb: 'cgroup', 0x63677270: 'cgroup2',
  0x64626720: 'debugfs', 0x74726163: 'tracefs', 0x73636673: 'securityfs', 0xcafe4a11: 'bpf', 0x6e736673: 'nsfs',
  0x50495045: 'pipefs', 0x534f434b: 'sockfs', 0x42494e4d: 'binfmt_misc', 0x1cd1: 'devpts', 0x19800202: 'mqueue',
};

/** Caps (bytes) by kind of file; each reader names the one it uses. */
export const INPUT_CAPS = {
  /** TOML settings files: the channel, the fleet inventory, the notifications */
  settings: 1024 * 1024,
  /** a password, a token, a key passphrase */
  secret: 64 * 1024,
  /** certificates and keys (PEM) */
  certificate: 1024 * 1024,
  /** ~/.pgpass and pg_service.conf */
  connection: 1024 * 1024,
  /** pg_hba.conf and each file it includes */
  hba: 4 * 1024 * 1024,
  /** small state files: listen's heads and delivery state */
  state: 16 * 1024 * 1024,
  /** JSON documents: reports, PII documents, spools, pgaudit state */
  document: 256 * 1024 * 1024,
} as const;

const BLOCKED = /[\u0000]/;

/** The kind of a non-regular file, for messages. */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** errno -> words (the code stays at the end for what has no words here). */
export function whyErrno(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT': return 'file not found';
    case 'ENOTDIR': return 'a component of the path is not a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ENAMETOOLONG': return 'path too long';
    case 'EISDIR': return 'is a directory, not a file';
    case 'ENXIO': case 'ENODEV': return 'no device behind this path';
    case 'EIO': return 'input/output error';
    default: return err?.code ?? String((e as Error)?.message ?? e).split('\n')[0];
  }
}

function checkPathText(path: string, label: string): void {
  if (typeof path !== 'string' || path.trim() === '') throw new InputFileError(`${label}: empty path`);
  if (BLOCKED.test(path)) throw new InputFileError(`${label}: path contains a NUL byte`);
}

/** The pseudo file system `path` (followed through symlinks) is on, or null for a real one. */
export function pseudoFsOf(path: string): string | null {
  try {
    return PSEUDO_FS[Number(statfsSync(path).type)] ?? null;
  } catch {
    return null; // statfs itself failing is reported by the stat that follows or preceded it
  }
}

/**
 * Checks without opening: `path` (symlinks followed) is a regular file on a real file system,
 * at most `maxBytes` long. Returns its stat. `label` starts every message (usually the path,
 * or `--option path`).
 */
export function checkInputFile(path: string, maxBytes: number, label = path): Stats {
  checkPathText(path, label);
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new InputFileError(`${label}: ${whyErrno(e)}`);
  }
  if (st.isDirectory()) throw new InputFileError(`${label}: is a directory, not a file`);
  if (!st.isFile()) throw new InputFileError(`${label}: is not a regular file (${kindOf(st)})`);
  const fs = pseudoFsOf(path);
  if (fs) throw new InputFileError(`${label}: is on the ${fs} pseudo file system, not a file to read`);
  if (st.size > maxBytes) throw new InputFileError(`${label}: file of ${st.size} bytes exceeds the limit of ${maxBytes} bytes`);
  return st;
}

/**
 * Opens a checked file for reading (non-blocking, never a controlling terminal) and checks the
 * descriptor is the regular file that was checked. The caller closes the descriptor.
 */
export function openInputFile(path: string, maxBytes: number, label = path): { fd: number; stat: Stats } {
  const st = checkInputFile(path, maxBytes, label);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw new InputFileError(`${label}: ${whyErrno(e)}`);
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev) throw new InputFileError(`${label}: was replaced while being opened; try again`);
    return { fd, stat: now };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The whole file as bytes: checked, at most `maxBytes` read even if it grows meanwhile. */
export function readInputBytes(path: string, maxBytes: number, label = path): Buffer {
  const { fd, stat } = openInputFile(path, maxBytes, label);
  try {
    const expected = Math.min(maxBytes, stat.size);
    const buffer = Buffer.alloc(expected + 1);
    let length = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (e) {
        throw new InputFileError(`${label}: cannot read (${whyErrno(e)})`);
      }
      if (n === 0) break;
      length += n;
      if (length > expected) {
        throw new InputFileError(`${label}: file grew while being read${length > maxBytes ? ` past the limit of ${maxBytes} bytes` : ''}`);
      }
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The whole file as UTF-8 text (checked as readInputBytes; invalid UTF-8 is an error naming the offset). */
export function readInputText(path: string, maxBytes: number, label = path): string {
  const bytes = readInputBytes(path, maxBytes, label);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputFileError(`${label}: not valid UTF-8 text (first bad byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8`);
  }
}

/** The file parsed as JSON (one line naming the file and the parser's complaint). */
export function readInputJson(path: string, maxBytes: number, label = path): unknown {
  const text = readInputText(path, maxBytes, label);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputFileError(`${label}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Like readInputText, but a file that does not exist (yet) is null: state files start absent. */
export function readOptionalInputText(path: string, maxBytes: number, label = path): string | null {
  return inputExists(path, label) ? readInputText(path, maxBytes, label) : null;
}

/** Whether something is at `path` (lstat: a dangling symlink counts, and is then refused by the reader). */
export function inputExists(path: string, label = path): boolean {
  checkPathText(path, label);
  try {
    statSync(path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw new InputFileError(`${label}: ${whyErrno(e)}`);
  }
}

/** An existing directory to read (a log directory): a directory on a real file system. */
export function checkInputDir(path: string, label = path): void {
  checkPathText(path, label);
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(`${label}: ${code === 'ENOENT' ? 'directory not found' : whyErrno(e)}`);
  }
  if (!st.isDirectory()) throw new InputFileError(`${label}: is not a directory (${st.isFile() ? 'a regular file' : kindOf(st)})`);
  const fs = pseudoFsOf(path);
  if (fs) throw new InputFileError(`${label}: is on the ${fs} pseudo file system, not a directory of files`);
}

/**
 * A directory the command keeps files in (a spool, a state directory): it need not exist yet,
 * but what exists of it must be directories on a real file system.
 */
export function checkStateDir(path: string, label = path): void {
  checkPathText(path, label);
  let at = resolve(path);
  for (;;) {
    let st: Stats;
    try {
      st = statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(at) !== at) { at = dirname(at); continue; }
      throw new InputFileError(`${label}: ${at}: ${whyErrno(e)}`);
    }
    const what = at === resolve(path) ? 'it' : at;
    if (!st.isDirectory()) throw new InputFileError(`${label}: ${what} is not a directory (${st.isFile() ? 'a regular file' : kindOf(st)})`);
    const fs = pseudoFsOf(at);
    if (fs) throw new InputFileError(`${label}: ${at} is on the ${fs} pseudo file system, not a place for files`);
    return;
  }
}

/** Offset of the first byte of the first invalid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  // A prefix that ends inside a sequence is not yet wrong (stream mode), so the longest
  // such prefix is found by bisection, then moved back to the start of a pending sequence.
  const ok = (n: number) => { try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true }); return true; } catch { return false; } };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid; else hi = mid - 1;
  }
  let start = lo;
  while (start > 0 && lo - start < 3 && (bytes[start - 1] & 0xc0) === 0x80) start--;
  if (start > 0 && bytes[start - 1] >= 0xc0) return start - 1;
  return lo;
}
