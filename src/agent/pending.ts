// The agent's posts not yet stored: kept in memory and, with --spool FILE, in a file replaced
// whole on every change. Each post carries a cycle id checked in the same transaction that
// stores it, so a retry after a lost COMMIT reply never stores a run twice.
import { renameSync, writeFileSync } from 'node:fs';
import type pg from 'pg';
import { storeReport } from '../session/connect.ts';
import { UsageError } from '../session/errors.ts';
import { INPUT_CAPS, readOptionalInputText } from '../session/input-file.ts';

export interface Pending { cycle: string; report: { run: Record<string, unknown>; results: { status?: string; executors?: { kind?: string; skipped?: string }[] }[] } }

export function loadSpool(path: string | undefined): Pending[] {
  if (!path) return [];
  // the file's own problems (a FIFO, a device, too big) are the checked reader's one line
  const text = readOptionalInputText(path, INPUT_CAPS.document, `--spool ${path}`);
  if (text === null) return [];
  try {
    const list = JSON.parse(text);
    if (!Array.isArray(list)) throw new Error('not a JSON array');
    list.forEach((item, i) => {
      if (typeof item?.cycle !== 'string' || typeof item?.report !== 'object' || item.report === null) throw new Error(`item ${i + 1}: expected {cycle, report}`);
    });
    return list;
  } catch (e) {
    throw new UsageError(`--spool ${path}: cannot read the pending posts (${(e as Error).message}); move the file aside to start fresh`);
  }
}

export function saveSpool(path: string | undefined, pending: Pending[]): void {
  if (!path) return;
  // whole file replaced at once: a crash mid-write leaves the previous list, never half of one
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(pending), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Posts one pending cycle unless a run with its cycle id is already stored. */
export async function post(client: pg.Client, item: Pending): Promise<{ id: number | null; count: number; duplicate: boolean }> {
  await client.query('SET default_transaction_read_only = off');
  await client.query('BEGIN');
  try {
    const seen = await client.query(`SELECT id FROM sec_check.runs WHERE origin = 'agent' AND report #>> '{run,agent_cycle}' = $1`, [item.cycle]);
    if (seen.rowCount) {
      await client.query('COMMIT');
      return { id: Number(seen.rows[0].id), count: 0, duplicate: true };
    }
    const stored = await storeReport(client, item.report);
    await client.query('COMMIT');
    return { id: stored?.id ?? null, count: stored?.count ?? 0, duplicate: false };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * The server refused the document itself (record_run's own exceptions, bad data): retrying
 * cannot help, so it leaves the queue — named in the cycle's log line, never silently.
 * Anything else (connection lost, permission missing) keeps it pending.
 */
export function refusedByServer(e: unknown): boolean {
  const code = String((e as { cause?: { code?: string } })?.cause?.code ?? (e as { code?: string })?.code ?? '');
  return code === 'P0001' || code.startsWith('22');
}
