// Shared set-up for the integration tests: real servers from src/harness, the built CLI,
// and the extension installed with its own Makefile.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster, type ClusterOptions, type PgInstall, type PgMajor } from '../../src/harness/index.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const CLI = join(REPO, 'dist/cli.cjs');
export const CATALOG = join(REPO, 'dist/catalog/config.json');
export const SIMPLE = join(REPO, 'test/fixtures/simple/config.json');

/** PG 18 with pljs, pgtap and the sec_check extension created in database postgres. */
export async function startPg18WithSecCheck(opts: ClusterOptions = {}): Promise<Cluster> {
  const install = await ensureInstall(18);
  await installExtensionFromRepo(install, REPO);
  const cluster = await startCluster(install, opts);
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  return cluster;
}

export async function startPg(major: 18 | 14, opts: ClusterOptions = {}): Promise<Cluster> {
  return startCluster(await ensureInstall(major), opts);
}

let suiteMajor: PgMajor = 18;
/**
 * The major the in-database suites run on: 18, or the one a per-major wrapper file
 * (test/integration/pg15/, via per-major.ts) set before it imported the suite.
 */
export function testMajor(): PgMajor {
  return suiteMajor;
}
export function setTestMajor(major: PgMajor): void {
  suiteMajor = major;
}

/** The testMajor() tree with pljs and pgTAP, the extension's files installed (nothing created). */
export async function pljsInstall(): Promise<PgInstall> {
  const install = await ensureInstall(testMajor(), { extras: true });
  await installExtensionFromRepo(install, REPO);
  return install;
}

/** A server of testMajor() with the extension's files installed (nothing created). */
export async function startPljs(opts: ClusterOptions = {}): Promise<Cluster> {
  return startCluster(await pljsInstall(), opts);
}

/** startPljs() with pljs and sec_check created in database postgres. */
export async function startWithSecCheck(opts: ClusterOptions = {}): Promise<Cluster> {
  const cluster = await startPljs(opts);
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  return cluster;
}

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs the built CLI as a user would; the connection comes from flags, never a password. */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

export function connArgs(cluster: Cluster, user = 'postgres'): string[] {
  return ['--host', cluster.socketDir, '--port', String(cluster.port), '--user', user, '--database', 'postgres'];
}

export function tempPrefix(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'sec-check-test-')), name);
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface PackFiles { [relativePath: string]: string | object }

/** Writes a pack (config.json as an object or raw text, scripts, localizations) to a temp dir. */
export function writePack(files: PackFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'sec-check-pack-'));
  for (const [rel, body] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  }
  return join(dir, 'config.json');
}

type Ref = { script: string; min_ver?: string; max_ver?: string };
/** A one-section config; each item names its executor and validator scripts. */
export function configOf(section: string, items: { name: string; executors: Ref[]; validators: Ref[]; id?: string }[]): object {
  const withBounds = (r: Ref) => ({ script: r.script, min_ver: r.min_ver ?? 'none', max_ver: r.max_ver ?? 'none' });
  return {
    header: 'test pack', report_name: 'test', description: 'written by a test',
    section: { [section]: { header: section, description: section, items: items.map((i) => ({
      name: i.name, description: i.name, ...(i.id ? { id: i.id } : {}),
      executors: i.executors.map(withBounds), validators: i.validators.map(withBounds),
    })) } },
  };
}

/** A validator that returns the given status, with the first row's columns in the text. */
export function luaReturning(status: string): string {
  return `function validate_result()
  local row = sql_results and sql_results[1] or {}
  local parts = {}
  for k, v in pairs(row) do parts[#parts + 1] = k .. '=' .. tostring(v) end
  table.sort(parts)
  return { status = "${status}", short_description = table.concat(parts, ','), full_description = '', recommendation = '' }
end
`;
}
