// Generates the extension's scripts from sql/*.sql (see docs/architecture.md, "Extension
// versions and upgrades"):
//   extension/sec_check--<version>.sql          fresh install: every sql/ file in name order
//   extension/sec_check--<prev>--<version>.sql  upgrade from the previous release:
//       sql/upgrade/<prev>--<version>/*.sql, then the COMMENT ON statements of the run-once
//       files <prev> already had (comments are idempotent metadata, so a table's comments
//       live in its own file and reach upgraded databases too), then in name order every
//       sql/ file that is new since <prev> or is re-runnable (functions, views, the builtin
//       pack, privileges)
// Released versions' scripts (install and upgrade) are committed in extension/ and never
// rewritten; the control file is committed too and must name <version>.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const VERSION_RE = /^\d+\.\d+\.\d+$/;
const SCRIPT_RE = /^sec_check--(\d+\.\d+\.\d+)(?:--(\d+\.\d+\.\d+))?\.sql$/;

/**
 * Files re-run by every upgrade script: they must be written re-runnable. `_depend_` files
 * record extension-to-extension dependencies, which ALTER EXTENSION UPDATE deletes and
 * re-derives from the control file at every step, so each step must record them again.
 * `NNN_role_` files make sure a cluster-wide role the extension's objects need exists (and is
 * what sec_check expects), since roles are not extension members and may be dropped.
 */
export function isRerunnable(file) {
  return /_(function|view|depend)_/.test(file) || /^\d+_role_/.test(file) || /_builtin_pack\.sql$/.test(file) || /^9\d\d_privileges\.sql$/.test(file);
}

/**
 * An sql/ file may name a shared block of the checks on a line of its own
 * (`-- include: NAME` = checks/_lib/sql/NAME.sql), as check queries do, so one query text
 * serves the checks, the extension and the CLI.
 */
export function expandIncludes(text, where, libDir = 'checks/_lib/sql') {
  return text.replace(/^-- include: (\S+)[ \t]*\n/gm, (line, name) => {
    const file = `${libDir}/${name}.sql`;
    if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) throw new Error(`${where}: ${line.trim()}: no block ${file}`);
    const block = readFileSync(file, 'utf8');
    return block.endsWith('\n') ? block : `${block}\n`;
  });
}

/** The query of sec_check.hba_first_match() (sql/510_…), includes put in: `sec-check hba` runs it too. */
export function hbaMatrixQuery(sqlDir = 'sql') {
  const file = `${sqlDir}/510_function_hba_first_match.sql`;
  return expandIncludes(hbaMatrixBody(file), file);
}

/**
 * The same query after its hba_source CTE (the view, block hba-source): `sec-check hba
 * --hba-file` puts `WITH RECURSIVE hba_source(…) AS (VALUES …)` of the parsed rows before it.
 */
export function hbaMatrixAfterSource(sqlDir = 'sql') {
  const file = `${sqlDir}/510_function_hba_first_match.sql`;
  const body = hbaMatrixBody(file);
  const head = 'WITH RECURSIVE\n-- include: hba-source\n';
  if (!body.startsWith(head)) throw new Error(`${file}: the body must start with ${JSON.stringify(head)} (the file path puts its own hba_source there)`);
  return expandIncludes(body.slice(head.length), file);
}

function hbaMatrixBody(file) {
  const m = /AS \$hba_matrix\$\n([\s\S]*?)\n\$hba_matrix\$;/.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file}: no $hba_matrix$ … $hba_matrix$; body`);
  return m[1];
}

/**
 * The `COMMENT ON ... ;` statements of an SQL text, in order (a statement starts at the
 * beginning of a line and ends at the first semicolon outside a quoted string).
 */
export function commentStatements(text) {
  const out = [];
  const start = /^[ \t]*COMMENT[ \t]+ON\b/gim;
  let m;
  while ((m = start.exec(text))) {
    let i = m.index;
    let quoted = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "'") quoted = !quoted; // '' inside a string toggles twice
      else if (c === ';' && !quoted) break;
    }
    out.push(text.slice(m.index, i + 1).trim());
    start.lastIndex = i + 1;
  }
  return out;
}

export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** The `-- since: X.Y.Z` header of one sql/ file, or an error naming the file. */
function sinceOf(file, text, known) {
  const m = /^-- since: (\S+)\s*$/m.exec(text.split('\n', 1)[0]);
  if (!m) throw new Error(`sql/${file}: the first line must be "-- since: X.Y.Z" (the release that introduced the object)`);
  if (!known.includes(m[1])) {
    throw new Error(`sql/${file}: since ${m[1]} is not a known version (released: ${known.slice(0, -1).join(', ') || 'none'}; current: ${known[known.length - 1]})`);
  }
  return m[1];
}

/**
 * User data must survive pg_dump: every table the scripts create is registered with
 * pg_extension_config_dump, and so is the sequence behind each identity column.
 */
function checkConfigDump(sources) {
  const all = sources.map((s) => s.text).join('\n');
  const registered = new Set([...all.matchAll(/pg_extension_config_dump\(\s*'([^']+)'/g)].map((m) => m[1]));
  const problems = [];
  for (const { where, text } of sources) {
    // A table kept out of dumps on purpose says why on a line of its own.
    if (/^-- not dumped: \S/m.test(text)) continue;
    for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(sec_check\.\w+)\s*\(([\s\S]*?)\n\)[^;]*;/gi)) {
      const table = m[1];
      if (!registered.has(table)) problems.push(`${where}: table ${table} is not registered with pg_extension_config_dump (pg_dump would drop its rows)`);
      for (const c of m[2].matchAll(/^\s*(\w+)\s+(?:\w+[^\n]*\bGENERATED (?:ALWAYS|BY DEFAULT) AS IDENTITY\b|(?:big|small)?serial\b)/gim)) {
        const seq = `${table}_${c[1]}_seq`;
        if (!registered.has(seq)) problems.push(`${where}: sequence ${seq} (column ${c[1]}) is not registered with pg_extension_config_dump (a restore would reuse ids)`);
      }
    }
  }
  return problems;
}

function fill(text, subst) {
  let out = text;
  for (const [key, value] of Object.entries(subst)) out = out.split(key).join(value);
  return out;
}

/**
 * Released versions' scripts are committed compressed (extension/released/*.sql.gz: they carry
 * the engine bundle, megabytes of text each) and written out byte for byte next to the control
 * file, where `make install`, the zip and the upgrade base read them. gzip's CRC checks each.
 */
export function unpackReleased(extDir) {
  const dir = `${extDir}/released`;
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const m = /^(sec_check--[0-9.]+(?:--[0-9.]+)?\.sql)\.gz$/.exec(f);
    if (!m) throw new Error(`${dir}/${f}: expected sec_check--<version>[--<version>].sql.gz`);
    const text = gunzipSync(readFileSync(`${dir}/${f}`));
    const target = `${extDir}/${m[1]}`;
    if (!existsSync(target) || !readFileSync(target).equals(text)) writeFileSync(target, text);
  }
}

/**
 * Writes extension/sec_check--<version>.sql and the upgrade script from the previous release.
 * subst: placeholder -> text (@BUILD_ID@, @BUNDLE@, @PACK@). Throws on a convention breach.
 * Returns { installScript, upgradeScript, previous, warnings, sizes }.
 */
export function generateExtension({ version, buildId, subst, sqlDir = 'sql', extDir = 'extension' }) {
  if (!VERSION_RE.test(version)) throw new Error(`package.json version ${version} is not X.Y.Z`);
  unpackReleased(extDir);
  const control = readFileSync(`${extDir}/sec_check.control`, 'utf8');
  const def = /^default_version\s*=\s*'([^']+)'/m.exec(control)?.[1];
  if (def !== version) throw new Error(`${extDir}/sec_check.control has default_version ${def ?? 'missing'}, package.json has ${version}: change both when releasing`);

  // Released = committed install scripts of older versions; the newest is the upgrade base.
  const released = readdirSync(extDir)
    .map((f) => SCRIPT_RE.exec(f))
    .filter((m) => m && !m[2] && compareVersions(m[1], version) < 0)
    .map((m) => m[1])
    .sort(compareVersions);
  const previous = released[released.length - 1];
  const known = [...released, version];

  const files = readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).sort();
  const sources = files.map((file) => {
    const text = expandIncludes(readFileSync(`${sqlDir}/${file}`, 'utf8'), `sql/${file}`);
    return { file, where: `sql/${file}`, text, since: sinceOf(file, text, known) };
  });
  const upgradeDir = previous ? `${sqlDir}/upgrade/${previous}--${version}` : null;
  const migrations = upgradeDir && existsSync(upgradeDir)
    ? readdirSync(upgradeDir).filter((f) => f.endsWith('.sql')).sort()
        .map((file) => ({ file, where: `${upgradeDir}/${file}`, text: readFileSync(`${upgradeDir}/${file}`, 'utf8') }))
    : [];
  for (const dir of existsSync(`${sqlDir}/upgrade`) ? readdirSync(`${sqlDir}/upgrade`) : []) {
    const m = /^(\d+\.\d+\.\d+)--(\d+\.\d+\.\d+)$/.exec(dir);
    if (!m || (m[2] === version && m[1] !== previous)) throw new Error(`${sqlDir}/upgrade/${dir}: expected ${previous ?? '<previous release>'}--${version} or an older released step`);
  }

  const problems = checkConfigDump([...sources, ...migrations]);
  for (const s of sources) {
    if (isRerunnable(s.file) && /_(function|view)_/.test(s.file) && /^\s*CREATE\s+(FUNCTION|VIEW|PROCEDURE)\b/im.test(s.text)) {
      problems.push(`${s.where}: re-run by every upgrade, so it must use CREATE OR REPLACE`);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));

  // A file that existed in the previous release, is not re-run, and changed since without a
  // migration would leave upgraded databases different from fresh ones. A migration names
  // the files it brings up to date on lines `-- migrates: sql/NNN_….sql`; changes to COMMENT
  // ON statements need none (the upgrade re-applies them, see below).
  const warnings = [];
  const committed = previous ? readFileSync(`${extDir}/sec_check--${previous}.sql`, 'utf8') : '';
  const migrated = new Set(migrations.flatMap((m) => [...m.text.matchAll(/^-- migrates: (\S+)\s*$/gm)].map((x) => x[1])));
  for (const name of migrated) {
    if (!sources.some((s) => s.where === name)) throw new Error(`${upgradeDir}: "-- migrates: ${name}" names no sql/ file`);
  }
  const oldRunOnce = sources.filter((s) => previous && !isRerunnable(s.file) && compareVersions(s.since, previous) <= 0);
  for (const s of oldRunOnce) {
    let body = s.text.split('\n').slice(1).join('\n');
    for (const c of commentStatements(body)) body = body.replace(c, '\u0000');
    const unchanged = body.split('\u0000').map((part) => part.trim()).filter(Boolean).every((part) => committed.includes(part));
    if (!unchanged && !migrated.has(s.where)) {
      warnings.push(`${s.where} changed since ${previous} but is not re-run and no migration in sql/upgrade/${previous}--${version}/ says "-- migrates: ${s.where}"`);
    }
  }

  const section = (where, text) => `-- ${where}\n${fill(text, subst).trim()}\n`;
  const install = [
    `-- sec_check ${version} (build ${buildId}). Generated by build/extension.mjs from sql/*.sql; do not edit.`,
    `\\echo Use "CREATE EXTENSION sec_check" to load this file. \\quit`,
    ...sources.map((s) => section(s.file, s.text)),
  ].join('\n\n');

  // Remove generated scripts of this or later versions (stale builds of other branches);
  // older ones are committed releases.
  mkdirSync(extDir, { recursive: true });
  for (const f of readdirSync(extDir)) {
    const m = SCRIPT_RE.exec(f);
    if (m && compareVersions(m[2] ?? m[1], version) >= 0) rmSync(`${extDir}/${f}`);
  }
  const installScript = `${extDir}/sec_check--${version}.sql`;
  writeFileSync(installScript, install);

  let upgradeScript = null;
  let upgradeText = '';
  if (previous) {
    const parts = [
      `-- sec_check ${previous} -> ${version} (build ${buildId}). Generated by build/extension.mjs; do not edit.`,
      `\\echo Use "ALTER EXTENSION sec_check UPDATE" to load this file. \\quit`,
      ...migrations.map((m) => section(m.where, m.text)),
      ...oldRunOnce.filter((s) => commentStatements(s.text).length)
        .map((s) => section(`${s.where} (its COMMENT ON statements)`, commentStatements(s.text).join('\n'))),
      ...sources
        .filter((s) => isRerunnable(s.file) || compareVersions(s.since, previous) > 0)
        .map((s) => section(s.file, s.text)),
    ];
    upgradeText = parts.join('\n\n');
    upgradeScript = `${extDir}/sec_check--${previous}--${version}.sql`;
    writeFileSync(upgradeScript, upgradeText);
  }
  return {
    installScript,
    upgradeScript,
    previous,
    warnings,
    sizes: { install: install.length, upgrade: upgradeText.length },
  };
}
