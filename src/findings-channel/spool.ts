// The local spool: findings not yet committed to the central table. One JSON file per batch,
// written before the delivery is tried (temporary file, then rename: a crash leaves a whole
// file or none) and removed only after the INSERT that carries it has committed, so a lost
// channel, a failed insert or a crash loses nothing; a redelivery inserts nothing twice
// (the table's identity index, see ddl.ts).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ChannelFinding, SourceIdentity } from './types.ts';
import { INPUT_CAPS, readInputText } from '../session/input-file.ts';

export interface SpoolBatch {
  format: 'sec_check-channel-spool';
  version: 1;
  created_at: string;
  /** The audited database, for the detection-loop guard at delivery time. */
  source: SourceIdentity | null;
  findings: ChannelFinding[];
}

/** The default spool directory: $XDG_STATE_HOME/sec-check/channel-spool (~/.local/state/...). */
export function defaultSpoolDir(): string {
  const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'sec-check', 'channel-spool');
}

export function ensureSpoolDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Writes one batch atomically; returns its path. */
export function writeBatch(dir: string, findings: ChannelFinding[], source: SourceIdentity | null): string {
  ensureSpoolDir(dir);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const name = `batch-${stamp}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
  const body: SpoolBatch = { format: 'sec_check-channel-spool', version: 1, created_at: new Date().toISOString(), source, findings };
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify(body), { mode: 0o600, flag: 'wx' });
  renameSync(tmp, join(dir, name));
  return join(dir, name);
}

/** The batch files waiting in dir, oldest first (names start with their creation time). */
export function listBatches(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names.filter((n) => n.startsWith('batch-') && n.endsWith('.json')).sort().map((n) => join(dir, n));
}

export function readBatch(path: string): SpoolBatch {
  const body = JSON.parse(readInputText(path, INPUT_CAPS.document)) as SpoolBatch;
  if (body?.format !== 'sec_check-channel-spool' || body.version !== 1 || !Array.isArray(body.findings)) {
    throw new Error(`${path}: not a sec_check channel spool batch`);
  }
  return body;
}

export function removeBatch(path: string): void {
  rmSync(path, { force: true });
}

/** Findings in the spool (a file that cannot be read counts as one, so it is never hidden). */
export function pendingCount(dir: string): number {
  let n = 0;
  for (const path of listBatches(dir)) {
    try { n += readBatch(path).findings.length; } catch { n += 1; }
  }
  return n;
}
