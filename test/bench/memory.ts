// Peak memory measurements shared by the bench and the evidence tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');

/** Runs the built CLI with the RSS hook; returns its exit code, stderr and peak RSS (KiB). */
export function cliPeakRss(args: string[]): { code: number | null; stderr: string; kib: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'sec-check-rss-')), 'rss');
  const res = spawnSync(process.execPath, ['--require', resolve(repo, 'test/bench/rss-hook.cjs'), resolve(repo, 'dist/cli.cjs'), ...args],
    { encoding: 'utf8', env: { ...process.env, SEC_CHECK_RSS_FILE: file }, maxBuffer: 64 * 1024 * 1024 });
  return { code: res.status, stderr: res.stderr, kib: Number(readFileSync(file, 'utf8')) };
}

const hwm = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

/** Runs `sql` in a new session; returns its rows and the backend's peak RSS before and after (KiB). */
export async function backendPeakRss(cluster: Cluster, sql: string): Promise<{ rows: any[]; startKib: number; peakKib: number; pljsLimitMb: string | null }> {
  const client = await cluster.connect();
  try {
    const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const startKib = hwm(pid);
    const { rows } = await client.query(sql);
    const peakKib = hwm(pid);
    // The GUC exists once pljs is loaded in the session, i.e. after the run.
    const pljsLimitMb = (await client.query(`SELECT current_setting('pljs.memory_limit', true) AS v`)).rows[0].v ?? null;
    return { rows, startKib, peakKib, pljsLimitMb };
  } finally {
    await client.end();
  }
}
