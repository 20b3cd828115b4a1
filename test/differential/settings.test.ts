// The setting-spellings differential suite: seeded random valid (and some invalid) spellings
// of the settings the catalog judges are applied to live servers (PostgreSQL 18 and 14) —
// through a configuration file and a reload, through ALTER ROLE ... SET, and through
// shared_preload_libraries and a restart — and what sec_check's model says each one means
// (src/core/settings, the settings fact's deriver, the checks' verdicts) is compared with
// what the server shows and does: pg_settings and pg_file_settings, SHOW in a session of the
// role, current_schemas(true), whether a library's settings exist after the restart, and
// what the server log actually contains (the prefix of a marker line, connection and
// disconnection lines, LOG lines and pgAudit records written or not). 0 disagreements.
// SEC_CHECK_DIFF_SEED fixes the seed (printed), SEC_CHECK_DIFF_SCALE multiplies the number of
// cases (1 in npm test; `npm run bench` runs it with 10). README.md in this folder.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, readFileSync, writeFileSync, appendFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensureInstall, pgRunUser, startCluster, type Cluster } from '../../src/harness/index.ts';
import { parseSetting, type Parsed } from '../../src/core/settings/parse.ts';
import { deriveSettings, type RawRow, type SettingRow } from '../../src/core/settings/derive.ts';
import { parseSearchPath } from '../../src/core/settings/search-path.ts';
import { parseLogLinePrefix } from '../../src/core/settings/log-line-prefix.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { compilePack } from '../../src/core/pack.ts';
import * as S from './settings-spellings.ts';

const SEED = Number(process.env.SEC_CHECK_DIFF_SEED ?? 20261207);
const SCALE = Math.max(1, Number(process.env.SEC_CHECK_DIFF_SCALE ?? 1));
const REPO = path.resolve(import.meta.dirname, '../..');
const FACT_SQL = readFileSync(path.join(REPO, 'dist/catalog/_facts/settings/query.sql'), 'utf8');
const pack = loadPackFromConfig(path.join(REPO, 'dist/catalog/config.json'));
const MARK = 'secchkdiff';

/** Every disagreement of a run, named, for the final assertion of each test. */
type Diff = string[];

// ---- the server side ------------------------------------------------------------------------

interface Server {
  major: number;
  cluster: Cluster;
  admin: pg.Client;
  logFile: string;
  libs: string[];
}

function giveToServer(file: string): void {
  const u = pgRunUser();
  if (u) chownSync(file, u.uid, u.gid);
}

async function reload(s: Server): Promise<void> {
  const before = (await s.admin.query('SELECT pg_conf_load_time() AS t')).rows[0].t as Date;
  await s.admin.query('SELECT pg_reload_conf()');
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const now = (await s.admin.query('SELECT pg_conf_load_time() AS t')).rows[0].t as Date;
    if (now.getTime() > before.getTime()) return;
  }
  throw new Error('the reload did not happen');
}

const confFile = (s: Server) => path.join(s.cluster.dataDir, 'sec_check_diff.conf');
function writeConf(s: Server, values: Record<string, string>): void {
  const text = Object.entries(values).map(([k, v]) => `${k} = '${v.replace(/'/g, "''")}'\n`).join('');
  writeFileSync(confFile(s), text);
  giveToServer(confFile(s));
}

/** The server log from a byte offset on. */
function logSince(s: Server, offset: number): string {
  const size = statSync(s.logFile).size;
  const fd = openSync(s.logFile, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally { closeSync(fd); }
}
const logSize = (s: Server) => statSync(s.logFile).size;

/** A query in a new session, as an audit opens one (backend-context settings and per-role
 *  values apply from a session's start: an older session keeps what it started with). */
async function fresh<T = Record<string, unknown>>(s: Server, sql: string, params?: unknown[], user = 'postgres', db = 'postgres'): Promise<T[]> {
  const c = new pg.Client(s.cluster.clientConfig(user, db));
  await c.connect();
  try { return (await c.query(sql, params)).rows as T[]; } finally { await c.end().catch(() => {}); }
}

/** The settings fact as the checks get it: the compiled query, then the deriver. */
async function readFact(s: Server): Promise<{ raw: RawRow[]; rows: SettingRow[] }> {
  const raw = await fresh<RawRow>(s, FACT_SQL);
  return { raw, rows: deriveSettings(raw, s.major) };
}

/** The built-in catalog cut down to the named checks (the engine path of `sec-check run`). */
const subPacks = new Map<string, ReturnType<typeof compilePack>>();
function subPack(ids: string[]) {
  const key = ids.join(',');
  if (!subPacks.has(key)) {
    // frameworks map every built-in check: a cut-down pack carries none
    const config = structuredClone(pack.config) as { section: Record<string, { items: { id?: string }[] }>; frameworks?: unknown };
    delete config.frameworks;
    for (const [k, sec] of Object.entries(config.section)) {
      sec.items = sec.items.filter((i) => ids.includes(i.id ?? ''));
      if (sec.items.length === 0) delete config.section[k];
    }
    subPacks.set(key, compilePack({ ...pack, config: config as never }));
  }
  return subPacks.get(key)!;
}

async function audit(s: Server, ids: string[]) {
  const client = new pg.Client(s.cluster.clientConfig('postgres', 'postgres'));
  await client.connect();
  try {
    const report = await auditWithNode(client, pack, {
      locale: 'en', compiled: subPack(ids),
      connection: { host: s.cluster.socketDir, port: s.cluster.port, user: 'postgres' },
    });
    return new Map(report.results.map((r) => [r.check_id as string, r]));
  } finally { await client.end().catch(() => {}); }
}

async function startServer(major: 18 | 14): Promise<Server> {
  const cluster = await startCluster(await ensureInstall(major, { extras: major === 18 }), {
    settings: { log_line_prefix: '%m [%p] ', log_min_messages: 'warning', logging_collector: 'off' },
  });
  appendFileSync(path.join(cluster.dataDir, 'postgresql.conf'), "\ninclude_if_exists = 'sec_check_diff.conf'\n");
  const admin = await cluster.connect();
  admin.on('error', () => {});
  const s: Server = { major, cluster, admin, logFile: (cluster as unknown as { logFile: string }).logFile, libs: [] };
  writeConf(s, {});
  await reload(s);
  const available = (await admin.query(`SELECT name FROM pg_available_extensions`)).rows.map((r) => r.name as string);
  s.libs = ['auth_delay', 'auto_explain', 'pg_stat_statements', ...(major >= 18 ? ['passwordcheck'] : []),
    ...(available.includes('pgaudit') ? ['pgaudit'] : [])];
  await admin.query(`CREATE DATABASE diff_db`);
  await admin.query(`CREATE ROLE diff_user LOGIN`);
  for (const db of ['postgres', 'diff_db']) {
    for (const schema of SCHEMAS) await fresh(s, `CREATE SCHEMA ${pg.escapeIdentifier(schema)}; GRANT USAGE ON SCHEMA ${pg.escapeIdentifier(schema)} TO PUBLIC`, undefined, 'postgres', db);
  }
  return s;
}

const SCHEMAS = ['diff_a', 'Diff_B', 'diff c', 'diff_r1', 'x'.repeat(63)];

// ---- meanings: the model and the server ----------------------------------------------------

/** What pg_settings.setting means, in the model's terms (the server's canonical text). */
function serverMeaning(name: string, setting: string, vartype: string): string {
  if (name === 'log_file_mode' || name === 'unix_socket_permissions') return String(parseInt(setting, 8));
  if (vartype === 'integer' || vartype === 'real') return String(Number(setting));
  return setting;
}

/** The model's meaning of a value, in the same terms (null: the model says it is invalid). */
function modelMeaning(name: string, parsed: Parsed): string | null {
  if (!parsed.ok) return null;
  if ('on' in parsed && typeof parsed.on === 'boolean' && name !== 'log_connections') return parsed.on ? 'on' : 'off';
  if ('number' in parsed) return String(parsed.number);
  if ('value' in parsed) return String(parsed.value);
  return parsed.key;
}

interface SettingInfo { vartype: string; unit: string | null; enumvals: string[] | null; min_val: string | null; max_val: string | null }
async function settingInfo(s: Server, names: string[]): Promise<Map<string, SettingInfo>> {
  const rows = await fresh(s, `SELECT name, vartype, unit, enumvals, min_val, max_val FROM pg_settings WHERE name = ANY($1)`, [names]);
  return new Map(rows.map((r) => [r.name as string, r as unknown as SettingInfo]));
}

/** What each escape prints for a session of diff_user in diff_db over the Unix socket
 *  (application diffapp, a DO statement), as a regex. */
const ESCAPE_TEXT: Record<string, (pid: number) => string> = {
  a: () => 'diffapp', u: () => 'diff_user', d: () => 'diff_db', r: () => '\\[local\\]', h: () => '\\[local\\]', L: () => '\\[local\\]',
  b: () => 'client backend', p: (pid) => String(pid), P: () => '', l: () => '\\d+',
  m: () => '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+', t: () => '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+',
  s: () => '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+', n: () => '\\d+\\.\\d{3}', i: () => '[A-Za-z ]*', e: () => '00000',
  c: () => '[0-9a-f]+\\.[0-9a-f]+', v: () => '\\d+/\\d+', x: () => '\\d+', Q: () => '-?\\d+', q: () => '',
};
const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The model's expansion of a prefix as a regex over the written line's prefix. */
function prefixRegex(raw: string, major: number, pid: number): RegExp {
  const parsed = parseLogLinePrefix(raw, major);
  const body = parsed.tokens.map((t) => {
    if ('lit' in t) return escapeRe(t.lit);
    const text = ESCAPE_TEXT[t.esc](pid);
    if (t.pad > 0) return ` *${text}`;
    if (t.pad < 0) return `${text} *`;
    return text;
  }).join('');
  return new RegExp(`^${body}$`);
}

/** Classes of log_line_prefix the checks judge, as the model reads a prefix. */
function prefixClasses(escapes: string): string[] {
  const has = (letters: string) => [...letters].some((l) => escapes.includes(l));
  return [has('mtn') && 'time', has('pc') && 'process', has('u') && 'user', has('d') && 'database', has('hr') && 'client'].filter(Boolean) as string[];
}

/** The same classes, as the log line written for a session of diff_user in diff_db shows them. */
function observedClasses(prefix: string, pid: number): string[] {
  const out: string[] = [];
  if (/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\d{10}\.\d{3}/.test(prefix)) out.push('time');
  if (prefix.includes(String(pid)) || prefix.includes(`.${pid.toString(16)}`)) out.push('process');
  if (prefix.includes('diff_user')) out.push('user');
  if (prefix.includes('diff_db')) out.push('database');
  if (prefix.includes('[local]')) out.push('client');
  return out;
}

// ---- the suites ------------------------------------------------------------------------------

for (const major of [18, 14] as const) {
  describe(`PostgreSQL ${major}`, () => {
    let s: Server;
    before(async () => { s = await startServer(major); });
    after(async () => { await s?.admin.end().catch(() => {}); await s?.cluster.stop(); });

    test(`configuration-file spellings (reload), as the server and its log show them (seed ${SEED})`, async (t) => {
      const r = S.rng(SEED + major);
      const diff: Diff = [];
      let cases = 0;
      const batches = 10 * SCALE;
      for (let b = 0; b < batches; b++) {
        const invalid = 0.08;
        const values: Record<string, string> = {
          log_line_prefix: S.prefixSpelling(r),
          log_destination: S.destinationSpelling(r),
          log_connections: S.logConnectionsSpelling(r, major, invalid),
          log_disconnections: S.boolSpelling(r, invalid),
          log_min_messages: S.enumSpelling(r, ['debug5', 'debug1', 'debug', 'info', 'notice', 'warning', 'error', 'log'], invalid),
          log_min_error_statement: S.enumSpelling(r, ['debug2', 'info', 'notice', 'warning', 'error', 'log', 'fatal', 'panic'], invalid),
          log_statement: S.enumSpelling(r, ['none', 'ddl', 'mod', 'all'], invalid),
          log_error_verbosity: S.enumSpelling(r, ['terse', 'default', 'verbose'], invalid),
          password_encryption: S.enumSpelling(r, ['md5', 'scram-sha-256'], invalid),
          ssl_min_protocol_version: S.enumSpelling(r, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], invalid),
          log_rotation_age: S.timeSpelling(r, 'min', invalid),
          log_rotation_size: S.memorySpelling(r, invalid),
          authentication_timeout: S.pick(r, ['30s', '1min', ' 45 ', '0.5min', '90 s', '2min ', '1e1', '0x3c', '1.5min']),
          log_file_mode: S.modeSpelling(r),
          log_replication_commands: S.boolSpelling(r, invalid),
          search_path: S.searchPathSpelling(r, SCHEMAS),
          ...(s.libs.includes('pgaudit') && b >= 0 ? {} : {}),
        };
        writeConf(s, values);
        const start = logSize(s);
        await reload(s);
        const names = Object.keys(values);
        const info = await settingInfo(s, names);
        const file = new Map((await fresh<{ name: string; setting: string; applied: boolean; error: string | null }>(s, `SELECT name, setting, applied, error FROM pg_file_settings WHERE sourcefile LIKE '%sec_check_diff.conf'`)).map((x) => [x.name as string, x]));
        const now = new Map((await fresh<{ name: string; setting: string; vartype: string }>(s, `SELECT name, setting, vartype FROM pg_settings WHERE name = ANY($1)`, [names])).map((x) => [x.name as string, x]));
        for (const name of names) {
          cases++;
          const f = file.get(name);
          if (!f) { diff.push(`${name}: not in pg_file_settings`); continue; }
          const i = info.get(name)!;
          const parsed = parseSetting(name, f.setting, { major, ...i });
          const serverOk = f.applied === true && f.error === null;
          if (serverOk !== parsed.ok) { diff.push(`${name} = '${f.setting}': the server ${serverOk ? 'accepts' : `refuses (${f.error})`} it, the model ${parsed.ok ? 'accepts' : `refuses (${(parsed as { error: string }).error})`} it`); continue; }
          if (!serverOk) continue;
          const p = now.get(name)!;
          const want = serverMeaning(name, p.setting, p.vartype);
          const got = modelMeaning(name, parsed);
          // string-valued lists (log_destination, log_connections on 18, search_path) are
          // compared by what the server does below, not by pg_settings' text
          if (['log_destination', 'log_line_prefix', 'search_path'].includes(name) || (name === 'log_connections' && major >= 18)) continue;
          if (want !== got) diff.push(`${name} = '${f.setting}': the server reads ${want}, the model ${got}`);
        }
        // the fact: the server rows read back the running values, and no reload is pending —
        // also when read in a session older than the reload (the in-database path may run in one)
        const fact = await readFact(s);
        for (const row of fact.rows.filter((x) => x.scope === 'pending' && names.includes(x.name))) diff.push(`fact: ${row.name} pending (${row.value}) right after a reload`);
        const old = deriveSettings((await s.admin.query(FACT_SQL)).rows as RawRow[], major);
        for (const name of names) {
          const a = fact.rows.find((x) => x.name === name && x.scope === 'server');
          const o = old.find((x) => x.name === name && x.scope === 'server');
          // an older session may not know (a refused entry keeps a value it cannot see): never a wrong value
          if (o?.known !== false && (a?.parsed as Parsed | undefined)?.key !== (o?.parsed as Parsed | undefined)?.key) diff.push(`fact: ${name} read in an older session is ${o?.value}, in a new one ${a?.value}`);
          if (old.some((x) => x.name === name && x.scope === 'pending')) diff.push(`fact: ${name} pending when read in an older session right after a reload`);
        }

        // what the log shows for one session of diff_user in diff_db
        const probe = new pg.Client({ ...s.cluster.clientConfig('diff_user', 'diff_db'), application_name: 'diffapp' });
        await probe.connect();
        const pid = (await probe.query('SELECT pg_backend_pid() AS p')).rows[0].p as number;
        await probe.query(`DO $$ BEGIN RAISE LOG '${MARK}-${b}'; END $$`);
        const sp = (await probe.query('SELECT current_schemas(true)::text[] AS c')).rows[0].c as string[];
        await probe.end();
        await new Promise((res) => setTimeout(res, 150));
        const log = logSince(s, start);
        const markerLine = log.split('\n').find((l) => l.includes(`${MARK}-${b}`));
        const fileOf = (name: string) => file.get(name)?.setting as string;
        const ok = (name: string) => file.get(name)?.applied === true;
        if (!markerLine) diff.push(`batch ${b}: no marker line in the log`);
        else if (ok('log_line_prefix')) {
          const prefix = markerLine.slice(0, markerLine.indexOf('LOG:  '));
          const re = prefixRegex(fileOf('log_line_prefix'), major, pid);
          if (!re.test(prefix)) diff.push(`log_line_prefix = '${fileOf('log_line_prefix')}': the log wrote ${JSON.stringify(prefix)}, the model expands it as ${re}`);
        }
        // connection and disconnection lines
        if (ok('log_connections')) {
          const aspects = (parseSetting('log_connections', fileOf('log_connections'), { major }) as unknown as { aspects: string[] }).aspects;
          const lines = log.split('\n');
          const saw = {
            receipt: lines.some((l) => l.includes('connection received:')),
            authorization: lines.some((l) => l.includes('connection authorized: user=diff_user')),
          };
          for (const a of ['receipt', 'authorization'] as const) {
            if (saw[a] !== aspects.includes(a)) diff.push(`log_connections = '${fileOf('log_connections')}': ${a} ${saw[a] ? 'logged' : 'not logged'}, the model reads ${aspects.join(',') || 'nothing'}`);
          }
        }
        if (ok('log_disconnections')) {
          const on = (parseSetting('log_disconnections', fileOf('log_disconnections'), { major }) as unknown as { on: boolean }).on;
          const saw = log.includes('disconnection: session time');
          if (saw !== on) diff.push(`log_disconnections = '${fileOf('log_disconnections')}': ${saw ? 'logged' : 'not logged'}, the model reads ${on}`);
        }
        // search_path: what a session resolves
        if (ok('search_path')) {
          const model = parseSearchPath(fileOf('search_path'), major);
          if (!model.ok) diff.push(`search_path = '${fileOf('search_path')}': the model refuses it`);
          else {
            const expected: string[] = model.catalog_implicit ? ['pg_catalog'] : [];
            for (const item of model.items) {
              const schema = item.special === '$user' ? 'diff_user' : item.name;
              if (item.special === 'pg_temp') continue;
              if ((SCHEMAS.includes(schema) || ['pg_catalog', 'public'].includes(schema)) && !expected.includes(schema)) expected.push(schema);
            }
            const resolved = sp.filter((x) => !/^pg_temp_\d+$/.test(x));
            if (JSON.stringify(expected) !== JSON.stringify(resolved)) diff.push(`search_path = '${fileOf('search_path')}': the session resolves ${JSON.stringify(sp)}, the model ${JSON.stringify(expected)}`);
          }
        }
        // the checks' verdicts against what the server showed
        const checks = await audit(s, ['log_line_prefix', 'log_disconnections', 'log_statement', 'password_encryption', 'log_rotation_age', 'log_file_mode']);
        const expectStatus = (id: string, pass: boolean) => {
          const got = checks.get(id)?.status;
          if (pass ? got !== 'Success' : got === 'Success') diff.push(`check ${id}: ${got} where the server shows ${pass ? 'a pass' : 'a finding'} (batch ${b}: ${JSON.stringify(values)})`);
        };
        if (markerLine && ok('log_line_prefix') && prefixRegex(fileOf('log_line_prefix'), major, pid).test(markerLine.slice(0, markerLine.indexOf('LOG:  ')))) {
          expectStatus('log_line_prefix', prefixClasses(parseLogLinePrefix(fileOf('log_line_prefix'), major).escapes.join('')).length === 5);
        }
        const after = new Map((await fresh(s, `SELECT name, setting FROM pg_settings WHERE name = ANY($1)`, [names])).map((x) => [x.name as string, x.setting as string]));
        expectStatus('log_disconnections', log.includes('disconnection: session time'));
        expectStatus('log_statement', after.get('log_statement') !== 'none');
        expectStatus('password_encryption', after.get('password_encryption') === 'scram-sha-256');
        expectStatus('log_rotation_age', Number(after.get('log_rotation_age')) > 0);
        const mode = parseInt(after.get('log_file_mode') ?? '0777', 8);
        expectStatus('log_file_mode', (mode & 7) === 0 && (mode & 16) === 0);

        // as they will be: a second spelling in the file, not reloaded yet
        const next: Record<string, string> = {
          ...values,
          log_statement: S.enumSpelling(r, ['none', 'ddl', 'mod', 'all']),
          log_rotation_age: S.timeSpelling(r, 'min'),
          log_disconnections: S.boolSpelling(r),
          password_encryption: S.enumSpelling(r, ['md5', 'scram-sha-256']),
        };
        writeConf(s, next);
        const pendingFact = await readFact(s);
        const predicted = new Map(pendingFact.rows.filter((x) => x.scope === 'pending').map((x) => [x.name, x]));
        await reload(s);
        const reloaded = new Map((await fresh<{ name: string; setting: string; vartype: string }>(s, `SELECT name, setting, vartype FROM pg_settings WHERE name = ANY($1)`, [names])).map((x) => [x.name as string, x]));
        for (const name of ['log_statement', 'log_rotation_age', 'log_disconnections', 'password_encryption']) {
          cases++;
          const beforeRow = now.get(name)!;
          const afterRow = reloaded.get(name)!;
          const changed = serverMeaning(name, beforeRow.setting, beforeRow.vartype) !== serverMeaning(name, afterRow.setting, afterRow.vartype);
          const p = predicted.get(name);
          if (changed !== Boolean(p)) { diff.push(`${name}: '${values[name]}' then '${next[name]}' (not reloaded): the reload ${changed ? 'changed' : 'kept'} it, the fact ${p ? 'had' : 'had no'} pending value`); continue; }
          if (p && modelMeaning(name, p.parsed as Parsed) !== serverMeaning(name, afterRow.setting, afterRow.vartype)) diff.push(`${name}: the fact predicted ${modelMeaning(name, p.parsed as Parsed)}, the reload gave ${afterRow.setting}`);
        }
      }
      writeConf(s, {});
      await reload(s);
      t.diagnostic(`seed ${SEED}: ${cases} spellings in ${batches} reloads on PostgreSQL ${major}, ${diff.length} disagreements`);
      assert.deepEqual(diff, []);
    });

    test(`ALTER ROLE ... SET spellings, as each role's session shows them (seed ${SEED})`, async (t) => {
      const r = S.rng(SEED * 7 + major);
      const diff: Diff = [];
      const pgaudit = s.libs.includes('pgaudit') && s.major >= 18;
      if (pgaudit) {
        // pgAudit loaded for the end-to-end part (records written or not)
        await s.admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pgaudit'`);
        await s.cluster.restart();
        s.admin = await s.cluster.connect();
        s.admin.on('error', () => {});
        await s.admin.query(`CREATE EXTENSION IF NOT EXISTS pgaudit`);
        await s.admin.query(`ALTER SYSTEM SET pgaudit.log = 'ddl'`);
        await reload(s);
      }
      const settings: { name: string; gen: () => string }[] = [
        { name: 'log_statement', gen: () => S.enumSpelling(r, ['none', 'ddl', 'mod', 'all']) },
        { name: 'log_min_messages', gen: () => S.enumSpelling(r, ['debug5', 'debug', 'info', 'notice', 'warning', 'error', 'log', 'fatal', 'panic']) },
        { name: 'log_min_error_statement', gen: () => S.enumSpelling(r, ['debug1', 'notice', 'warning', 'error', 'log', 'fatal', 'panic']) },
        { name: 'log_error_verbosity', gen: () => S.enumSpelling(r, ['terse', 'default', 'verbose']) },
        { name: 'password_encryption', gen: () => S.enumSpelling(r, ['md5', 'scram-sha-256']) },
        { name: 'log_replication_commands', gen: () => S.boolSpelling(r) },
        { name: 'debug_print_parse', gen: () => S.boolSpelling(r) },
        { name: 'zero_damaged_pages', gen: () => S.boolSpelling(r) },
        { name: 'lo_compat_privileges', gen: () => S.boolSpelling(r) },
        { name: 'row_security', gen: () => S.boolSpelling(r) },
        { name: 'session_preload_libraries', gen: () => S.librariesSpelling(r, ['auto_explain']) },
        ...(pgaudit ? [
          { name: 'pgaudit.log', gen: () => S.pgauditLogSpelling(r) },
          { name: 'pgaudit.log_level', gen: () => S.enumSpelling(r, ['debug', 'debug1', 'info', 'notice', 'warning', 'log']) },
          { name: 'pgaudit.log_client', gen: () => S.boolSpelling(r) },
        ] : []),
      ];
      const roles = 60 * SCALE;
      const info = await settingInfo(s, settings.map((x) => x.name));
      const assigned: { role: string; name: string; spelling: string }[] = [];
      for (let i = 0; i < roles; i++) {
        const role = `diff_r${i}`;
        await s.admin.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN`);
        // one to three settings per role
        const n = 1 + Math.floor(r() * 3);
        for (let k = 0; k < n; k++) {
          const setting = S.pick(r, settings);
          if (assigned.some((a) => a.role === role && a.name === setting.name)) continue;
          const spelling = setting.gen();
          const sql = setting.name === 'session_preload_libraries' ? `'${spelling}'` : S.sqlValue(r, spelling);
          try {
            // a library list written as one literal is one item (flatten_set_variable_args quotes it)
            await s.admin.query(setting.name === 'session_preload_libraries'
              ? `ALTER ROLE ${role} SET session_preload_libraries = ${spelling.split(',').map((x) => `'${x.trim().replace(/^"|"$/g, '')}'`).join(', ')}`
              : `ALTER ROLE ${role} SET ${setting.name} = ${sql}`);
            assigned.push({ role, name: setting.name, spelling: sql });
          } catch (e) {
            diff.push(`${role}: ALTER ROLE ... SET ${setting.name} = ${sql} refused (${(e as Error).message}): a generator made an invalid value`);
          }
        }
      }
      const stored = (await s.admin.query(`SELECT r.rolname, c.cfg FROM pg_db_role_setting d JOIN pg_roles r ON r.oid = d.setrole CROSS JOIN LATERAL unnest(d.setconfig) c(cfg) WHERE r.rolname LIKE 'diff_r%'`)).rows;
      const fact = await readFact(s);
      const serverRaw = fact.raw.filter((x) => x.kind !== 'override');
      const start = logSize(s);
      let cases = 0;
      for (const { rolname, cfg } of stored) {
        const name = (cfg as string).slice(0, (cfg as string).indexOf('='));
        const text = (cfg as string).slice((cfg as string).indexOf('=') + 1);
        const i = info.get(name);
        cases++;
        const parsed = parseSetting(name, text, { major, ...i });
        if (!parsed.ok) { diff.push(`${rolname}: ${name}=${text} accepted by the server, refused by the model (${parsed.error})`); continue; }
        // the role's session: what the setting is, what search path and libraries it has
        let session: pg.Client | null = null;
        try {
          session = new pg.Client(s.cluster.clientConfig(rolname, 'postgres'));
          await session.connect();
          const shown = (await session.query(`SELECT setting, vartype FROM pg_settings WHERE name = $1`, [name])).rows[0];
          if (name === 'session_preload_libraries') {
            const loaded = Number((await session.query(`SELECT count(*) AS n FROM pg_settings WHERE name LIKE 'auto_explain.%'`)).rows[0].n) > 0;
            const modeled = ((parsed as unknown as { modules: string[] }).modules ?? []).includes('auto_explain');
            if (loaded !== modeled) diff.push(`${rolname}: session_preload_libraries=${text}: auto_explain ${loaded ? 'loaded' : 'not loaded'}, the model ${modeled ? 'loads' : 'does not load'} it`);
          } else if (name !== 'pgaudit.log' && name !== 'pgaudit.log_level') {
            const want = serverMeaning(name, shown.setting, shown.vartype);
            const got = modelMeaning(name, parsed);
            if (want !== got) diff.push(`${rolname}: ${name}=${text}: the session shows ${shown.setting}, the model reads ${got}`);
          }
          // LOG lines and pgAudit records as this role writes them
          await session.query(`DO $$ BEGIN RAISE LOG '${MARK}-${rolname}-log'; END $$`);
          if (pgaudit) await session.query(`CREATE TEMP TABLE ${MARK}_${rolname} (x int); SELECT * FROM ${MARK}_${rolname}`);
        } catch (e) {
          diff.push(`${rolname}: ${name}=${text}: the session failed (${(e as Error).message})`);
        } finally {
          await session?.end().catch(() => {});
        }
      }
      await new Promise((res) => setTimeout(res, 300));
      const log = logSince(s, start);
      // per role: the fact's derived rows for exactly this role's overrides
      for (const role of [...new Set(stored.map((x) => x.rolname as string))]) {
        const own = fact.raw.filter((x) => x.kind === 'override' && x.role === role);
        const rows = deriveSettings([...serverRaw, ...own], major);
        const target = (name: string) => rows.find((x) => x.name === name && x.scope === 'role') ?? rows.find((x) => x.name === name && x.scope === 'server');
        const out = target('log_output')?.parsed as { written: boolean } | undefined;
        const wrote = log.includes(`${MARK}-${role}-log`);
        if (out && out.written !== wrote) diff.push(`${role}: ${own.map((o) => `${o.name}=${o.setting}`).join(' ')}: a LOG line ${wrote ? 'was' : 'was not'} written, the fact says ${out.written}`);
        if (pgaudit) {
          const a = target('pgaudit')?.parsed as { written: boolean; classes: string[] } | undefined;
          const table = new RegExp(`${MARK}_${role}(?![0-9])`);
          const lines = log.split('\n').filter((l) => l.includes('AUDIT:') && table.test(l));
          const ddl = lines.some((l) => l.includes(',DDL,'));
          const read = lines.some((l) => l.includes(',READ,'));
          const wantDdl = Boolean(a?.written && a.classes.includes('ddl'));
          const wantRead = Boolean(a?.written && a.classes.includes('read'));
          if (ddl !== wantDdl || read !== wantRead) diff.push(`${role}: ${own.map((o) => `${o.name}=${o.setting}`).join(' ')}: pgAudit wrote ddl=${ddl} read=${read}, the fact says ddl=${wantDdl} read=${wantRead}`);
        }
      }
      // the checks name exactly the roles whose value the server applies weaker than the server-wide one
      const weak: Record<string, (v: string) => boolean> = {
        log_statement: (v) => v === 'none',
        log_min_messages: (v) => ['error', 'log', 'fatal', 'panic'].includes(v),
        log_min_error_statement: (v) => ['log', 'fatal', 'panic'].includes(v),
        log_error_verbosity: (v) => v === 'terse',
        password_encryption: (v) => v === 'md5',
        log_replication_commands: (v) => v === 'off',
      };
      await s.admin.query(`ALTER SYSTEM SET log_statement = 'ddl'`);
      await s.admin.query(`ALTER SYSTEM SET log_replication_commands = on`);
      await s.admin.query(`ALTER SYSTEM SET password_encryption = 'scram-sha-256'`);
      await s.admin.query(`ALTER SYSTEM SET log_min_messages = 'warning'`);
      await s.admin.query(`ALTER SYSTEM SET log_min_error_statement = 'error'`);
      await s.admin.query(`ALTER SYSTEM SET log_error_verbosity = 'default'`);
      await reload(s);
      const checks = await audit(s, Object.keys(weak));
      for (const [id, isWeak] of Object.entries(weak)) {
        const text = checks.get(id)?.short_description ?? '';
        for (const { rolname, cfg } of stored.filter((x) => (x.cfg as string).startsWith(`${id}=`))) {
          let shown: string;
          const session = new pg.Client(s.cluster.clientConfig(rolname, 'postgres'));
          try { await session.connect(); shown = (await session.query(`SELECT setting FROM pg_settings WHERE name = $1`, [id])).rows[0].setting; } finally { await session.end().catch(() => {}); }
          const named = new RegExp(`role ${rolname}[,:]`).test(text) || new RegExp(`role ${rolname}$`).test(text) || text.includes(`role ${rolname} `);
          if (/\(\+\d+ more\)/.test(text) && !named) continue; // a long list: only its first 20 names are shown
          // log_statement and log_replication_commands also name the roles whose LOG lines are never written
          const silent = ['log_statement', 'log_replication_commands'].includes(id) && !log.includes(`${MARK}-${rolname}-log`);
          if (named !== (isWeak(shown) || silent)) diff.push(`check ${id}: role ${rolname} (${cfg}, session ${shown}) ${named ? 'named' : 'not named'} in "${text}"`);
        }
      }
      t.diagnostic(`seed ${SEED}: ${cases} per-role values on ${roles} roles on PostgreSQL ${major}, ${diff.length} disagreements`);
      assert.deepEqual(diff, []);
    });

    test(`shared_preload_libraries spellings (restart), as the loaded libraries show them (seed ${SEED})`, async (t) => {
      const r = S.rng(SEED * 13 + major);
      const diff: Diff = [];
      const proof: Record<string, string> = { auth_delay: 'auth_delay.milliseconds', auto_explain: 'auto_explain.log_min_duration', pg_stat_statements: 'pg_stat_statements.max', passwordcheck: 'passwordcheck.min_password_length', pgaudit: 'pgaudit.log' };
      const restarts = 3 * SCALE;
      for (let k = 0; k < restarts; k++) {
        const spelling = S.librariesSpelling(r, s.libs);
        writeConf(s, { shared_preload_libraries: spelling });
        await reload(s);
        // before the restart: the fact says what the restart brings
        const fact = await readFact(s);
        const pending = fact.rows.find((x) => x.name === 'shared_preload_libraries' && x.scope === 'pending');
        const predicted = pending ? ((pending.parsed as { modules: string[] }).modules ?? []) : ((fact.rows.find((x) => x.name === 'shared_preload_libraries' && x.scope === 'server')?.parsed as { modules: string[] }).modules ?? []);
        await s.admin.end().catch(() => {});
        await s.cluster.restart();
        s.admin = await s.cluster.connect();
        s.admin.on('error', () => {});
        const present = new Set((await s.admin.query(`SELECT name FROM pg_settings WHERE name = ANY($1)`, [Object.values(proof)])).rows.map((x) => x.name as string));
        for (const lib of s.libs) {
          const loaded = present.has(proof[lib]);
          if (loaded !== predicted.includes(lib)) diff.push(`shared_preload_libraries = '${spelling}': ${lib} ${loaded ? 'loaded' : 'not loaded'}, the fact predicted ${JSON.stringify(predicted)}`);
        }
        if (major >= 18) {
          const files = (await s.admin.query(`SELECT file_name FROM pg_get_loaded_modules()`)).rows.map((x) => String(x.file_name).replace(/\.so$/, ''));
          for (const lib of predicted) if (!files.includes(lib)) diff.push(`shared_preload_libraries = '${spelling}': ${lib} predicted, pg_get_loaded_modules() has ${files.join(',')}`);
        }
        const after = await readFact(s);
        if (after.rows.some((x) => x.name === 'shared_preload_libraries' && x.scope === 'pending')) diff.push(`shared_preload_libraries = '${spelling}': still pending after the restart`);
      }
      t.diagnostic(`seed ${SEED}: ${restarts} restarts on PostgreSQL ${major}, ${diff.length} disagreements`);
      assert.deepEqual(diff, []);
    });
  });
}
