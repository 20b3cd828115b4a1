// Compliance frameworks as data: the shipped mappings (CIS PostgreSQL 17 v1.0.0, every one of
// its 71 controls once; the DISA Postgres 16 STIG, every one of its 111 rules once), agree with
// the checks' cis fields and are what docs/frameworks.md lists; adding a framework touches one
// folder; a broken framework file fails the build naming the file, the field and the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileCatalog } from '../../build/compile-catalog.ts';
import { renderFrameworksDoc } from '../../build/compile-frameworks.ts';
import { compilePack } from '../../src/core/pack.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { evaluateFramework } from '../../src/core/compliance/evaluate.ts';
import { CHECKS, editJson, tmp } from './compile-broken.ts';

const FRAMEWORKS = path.resolve('frameworks');
const read = (id: string) => JSON.parse(readFileSync(path.join(FRAMEWORKS, id, 'framework.json'), 'utf8'));

/** The checks of the catalog with their cis field, from the check folders. */
function catalogChecks(): { id: string; cis: string | null }[] {
  const out: { id: string; cis: string | null }[] = [];
  for (const group of readdirSafe(CHECKS)) {
    for (const id of readdirSafe(path.join(CHECKS, group))) {
      try { out.push(JSON.parse(readFileSync(path.join(CHECKS, group, id, 'check.json'), 'utf8'))); } catch { /* not a check folder */ }
    }
  }
  return out;
}
function readdirSafe(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}

test('CIS PostgreSQL 17 v1.0.0: every control listed once, every check carrying a CIS id mapped to it', () => {
  const fw = read('cis-pg17');
  const ids: string[] = fw.controls.map((c: { id: string }) => c.id);
  assert.equal(ids.length, 71, 'the benchmark has 71 recommendations');
  assert.equal(new Set(ids).size, ids.length, 'each control id once');
  for (const id of ids) assert.match(id, /^[1-8](\.\d+){1,2}$/);
  // in the benchmark's order: sections 1..8, numbers ascending within
  const key = (id: string) => id.split('.').map((n) => n.padStart(3, '0')).join('.');
  assert.deepEqual([...ids].sort((a, b) => key(a).localeCompare(key(b))), ids);
  const checks = catalogChecks();
  const withCis = checks.filter((c) => c.cis !== null);
  assert.ok(withCis.length >= 55, `${withCis.length} checks carry a CIS id`);
  for (const c of withCis) {
    const control = fw.controls.find((x: { id: string }) => x.id === c.cis);
    assert.ok(control, `${c.id}: its CIS id ${c.cis} is a control`);
    assert.ok(control.checks.includes(c.id), `control ${c.cis} lists ${c.id}`);
  }
  for (const c of fw.controls) {
    assert.ok(c.checks.length > 0 || typeof c.manual === 'string', `${c.id}: decided by checks or says what evidence to attach`);
    for (const id of c.checks) assert.ok(checks.some((x) => x.id === id), `${c.id}: ${id} exists`);
    assert.ok(['automated', 'manual'].includes(c.assessment), `${c.id}: the benchmark's own label`);
  }
});

test('DISA Postgres 16 STIG: 111 rules by their public ids, each once, with rule and STIG ids', () => {
  const fw = read('stig-pg16');
  assert.equal(fw.controls.length, 111);
  assert.equal(new Set(fw.controls.map((c: { id: string }) => c.id)).size, 111);
  for (const c of fw.controls) {
    assert.match(c.id, /^V-26(18[5-9]|19\d)\d$/);
    assert.match(c.refs.rule, new RegExp(`^S${c.id}r\\d+_rule$`));
    assert.match(c.refs.stig_id, /^CD16-00-\d{6}$/);
    assert.ok(['CAT I', 'CAT II'].includes(c.level), c.id);
    assert.ok(c.checks.length > 0 || c.manual, c.id);
  }
});

test('the compiled pack carries both frameworks and docs/frameworks.md is the generated text', async () => {
  const out = tmp('fw-out');
  try {
    const catalog = await compileCatalog({ checksDir: CHECKS, outDir: out, frameworksDir: FRAMEWORKS });
    assert.deepEqual(catalog.config.frameworks!.map((f) => f.id), ['cis-pg17', 'stig-pg16']);
    const compiled = compilePack(loadPackFromConfig(path.join(out, 'config.json')), { compileLua: false });
    assert.deepEqual(compiled.frameworks.map((f) => [f.id, f.controls.length]), [['cis-pg17', 71], ['stig-pg16', 111]]);
    assert.equal(readFileSync('docs/frameworks.md', 'utf8'), renderFrameworksDoc(catalog.frameworks!), 'docs/frameworks.md is the generated text (run the build)');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('adding a framework touches one folder: it is compiled into the pack, documented and evaluated', async () => {
  const dir = tmp('fw-new');
  const out = tmp('fw-new-out');
  try {
    cpSync(FRAMEWORKS, dir, { recursive: true });
    mkdirSync(path.join(dir, 'acme-baseline'));
    writeFileSync(path.join(dir, 'acme-baseline', 'framework.json'), JSON.stringify({
      id: 'acme-baseline', title: 'ACME database baseline', version: '2026.1', publisher: 'ACME security office',
      controls: [
        { id: 'ACME-1', title: 'Connections are logged', checks: ['log_connections', 'log_disconnections'] },
        { id: 'ACME-2', title: 'Backups are encrypted', checks: [], manual: 'The backup job configuration showing encryption.' },
      ],
    }));
    const catalog = await compileCatalog({ checksDir: CHECKS, outDir: out, frameworksDir: dir });
    assert.deepEqual(catalog.config.frameworks!.map((f) => f.id), ['acme-baseline', 'cis-pg17', 'stig-pg16']);
    assert.match(renderFrameworksDoc(catalog.frameworks!), /^## ACME database baseline \(2026\.1\): `acme-baseline`$/m);
    const compiled = compilePack(loadPackFromConfig(path.join(out, 'config.json')), { compileLua: false });
    const fw = compiled.frameworks.find((f) => f.id === 'acme-baseline')!;
    const section = evaluateFramework(fw, [
      { check_id: 'log_connections', status: 'Success', skip_reason: null, short_description: 'on' },
      { check_id: 'log_disconnections', status: 'Success', skip_reason: null, short_description: 'on' },
    ], { scope: 'postgres' });
    assert.deepEqual(section.controls.map((c) => c.status), ['pass', 'manual']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});

async function brokenFramework(mutate: (dir: string) => void): Promise<string> {
  const dir = tmp('fw-broken');
  const out = tmp('fw-broken-out');
  try {
    cpSync(FRAMEWORKS, dir, { recursive: true });
    mutate(dir);
    await compileCatalog({ checksDir: CHECKS, outDir: out, frameworksDir: dir });
    return '';
  } catch (e) {
    return (e as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

test('a broken framework file fails the build naming file, field and value', async () => {
  const cis = (d: string) => path.join(d, 'cis-pg17', 'framework.json');
  const cases: [string, (d: string) => void, RegExp][] = [
    ['a control mapped to a missing check', (d) => editJson(cis(d), (o) => { o.controls[0].checks = ['no_such_check']; }),
      /cis-pg17\/framework\.json: controls\[0\]\.checks\[0\]: no check "no_such_check" in the pack/],
    ['the id is not the folder name', (d) => editJson(cis(d), (o) => { o.id = 'cis-pg99'; }),
      /cis-pg17\/framework\.json: id: "cis-pg99" must equal the folder name "cis-pg17"/],
    ['a control id twice', (d) => editJson(cis(d), (o) => { o.controls[1].id = o.controls[0].id; }),
      /cis-pg17\/framework\.json: controls\[1\]\.id: duplicate control id "1\.1" \(also controls\[0\]\)/],
    ['a manual control without its evidence', (d) => editJson(cis(d), (o) => { delete o.controls[0].manual; }),
      /cis-pg17\/framework\.json: controls\[0\]\.manual: missing: a control no check decides must say what evidence a person attaches/],
    ['a check whose cis id the mapping leaves out', (d) => editJson(cis(d), (o) => {
      const c = o.controls.find((x: { id: string }) => x.id === '3.1.20'); c.checks = []; c.manual = 'x';
    }), /cis-pg17\/framework\.json: controls\[\d+\]\.checks: missing check "log_connections", whose cis field names control "3\.1\.20"/],
    ['an unknown field', (d) => editJson(cis(d), (o) => { o.controls[0].severity = 'high'; }),
      /cis-pg17\/framework\.json: controls\[0\]\.severity: unknown field/],
    ['not JSON', (d) => writeFileSync(cis(d), '{'), /cis-pg17\/framework\.json: invalid JSON/],
  ];
  for (const [what, mutate, expected] of cases) {
    const message = await brokenFramework(mutate);
    assert.match(message, expected, what);
  }
});
