// Runs an in-database suite (a test file written for PostgreSQL 18 + pljs) on another major
// that the harness can give pljs: provisions that tree, then imports the suite inside a
// describe block named after the major, so its hooks and tests (and its one shared server)
// belong to that block. When pljs cannot be had here (no source: see
// src/harness/pljs-build.ts) one skipped test carries the reason instead; any other
// provisioning error fails the file.
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureInstall, PLJS_MAJORS, PljsSourceUnavailable, type PgMajor } from '../../src/harness/index.ts';
import { setTestMajor } from './support.ts';

export async function suiteOnMajor(major: PgMajor, suiteUrl: string): Promise<void> {
  if (!PLJS_MAJORS.includes(major) || major === 18) throw new Error(`suiteOnMajor: the harness has no second pljs major ${major} (${PLJS_MAJORS.join(', ')})`);
  try {
    const install = await ensureInstall(major, { extras: true });
    const pljs = install.built.pljs;
    console.log(`# PostgreSQL ${install.version}` + (pljs ? `, pljs ${pljs.pljs} (QuickJS ${pljs.quickjs}; ${pljs.headers})` : '')
      + `, ${install.provisioning.built ? 'built' : 'cached'} in ${install.provisioning.ms} ms`);
  } catch (e) {
    if (!(e instanceof PljsSourceUnavailable)) throw e;
    // a skipped test (not a skipped block) so the run's "skipped" count shows it
    const suite = path.basename(fileURLToPath(suiteUrl));
    test(`PostgreSQL ${major}: ${suite}`, { skip: `pljs for PostgreSQL ${major} is not available here: ${e.message}` }, () => {});
    return;
  }
  describe(`PostgreSQL ${major}`, async () => {
    setTestMajor(major);
    await import(suiteUrl);
  });
}
