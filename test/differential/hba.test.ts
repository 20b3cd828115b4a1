// Differential suite: pg_hba.conf + roles, decided by PostgreSQL itself. Seeded random
// pg_hba.conf files (connection types, database and user forms including +group through nested
// membership, sameuser, samerole, regular expressions and lists, IPv4/IPv6 addresses with CIDR
// and netmask forms, samehost, methods trust/reject/md5/scram-sha-256/password) over random
// roles with random password verifiers; each role × database × client is then tried by
// connecting: the Unix socket, 127.0.0.1, ::1, and addresses inside a network namespace the
// test creates (10.x and fd00::, through a relay in the namespace; test/integration/netns.ts),
// each over plain TCP and TLS. The server's answer is the truth: which line decided (its log,
// log_connections, names the line of every authentication; a reject names no line), whether
// it refused with no line, and which method it asked for. The tool must say the same:
//  * `sec-check hba --format json`: among its rows for the role, database and the client's
//    address class, one names the line the server used (a refused probe: a row with no line);
//  * the checks: a remote trust/password admission proves hba_remote_trust and host_login
//    cannot pass, a plaintext TCP admission proves ssl_usage cannot, a superuser admitted from
//    another host proves remote_superuser cannot.
// DIFF_HBA_SEED (default: fixed) and DIFF_HBA_CONFIGS (default 6; the bench mode runs more)
// choose the cases; the seed is printed so a failure reproduces. Needs root for the network
// namespace: without it the suite fails, it does not pass.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync, chownSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureInstall, pgRunUser, startCluster, type Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { CATALOG, cli, connArgs } from '../integration/support.ts';
import { createNetns, type Netns } from '../integration/netns.ts';
import { prng } from '../fixtures/pii-dataset.ts';

const SEED = Number(process.env.DIFF_HBA_SEED ?? 20261207);
const CONFIGS = Number(process.env.DIFF_HBA_CONFIGS ?? 6);
/** 18 (regular expressions, include files, the log names trust's line) and 14 (none of these) */
const MAJORS = (process.env.DIFF_HBA_MAJORS ?? '18,14').split(',').map(Number) as (14 | 18)[];

/** A seeded generator (mulberry32, shared with the PII dataset), so a seed reproduces a run. */
const rng = prng;

const ROLES = ['r0', 'r1', 'r2', 'r3', 'postgres'];
const DATABASES = ['postgres', 'd1', 'r1', 'g0'];
type Transport = 'plain' | 'ssl';
interface Client { label: string; host: string; addr: string | null; addrClass: string; transports: Transport[] }
interface Observed { ok: boolean; asked: 'none' | 'cleartext' | 'md5' | 'sasl'; line: number | null; rejected: boolean; noEntry: boolean; error?: string }

let c: Cluster;
let ns: Netns;
let clients: Client[] = [];
const passwords: Record<string, string> = {};
const verifier: Record<string, 'md5' | 'scram-sha-256'> = {};
const scratch = mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'diff-hba-'));

let major: 14 | 18 = 18;

async function setUp(m: 14 | 18): Promise<void> {
  major = m;
  console.log(`differential hba: PostgreSQL ${major}, seed ${SEED}, ${CONFIGS} configurations (DIFF_HBA_SEED, DIFF_HBA_CONFIGS, DIFF_HBA_MAJORS)`);
  ns = createNetns({ v4: 2, v6: 2 });
  c = await startCluster(await ensureInstall(major), {
    settings: { listen_addresses: `127.0.0.1,::1,${ns.hostV4},${ns.hostV6}`, log_connections: 'on', password_encryption: 'scram-sha-256' },
  });
  await ns.relay(c.port);
  // TLS with a self-signed certificate (clients do not verify it: the method is what is compared)
  const key = path.join(scratch, 'server.key');
  const crt = path.join(scratch, 'server.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', key, '-out', crt], { stdio: 'ignore' });
  for (const [src, name] of [[key, 'server.key'], [crt, 'server.crt']]) {
    const dst = path.join(c.dataDir, name);
    writeFileSync(dst, readFileSync(src));
    chmodSync(dst, 0o600);
    const u = pgRunUser();
    if (u) chownSync(dst, u.uid, u.gid);
  }
  // maps: adm (this account to postgres, by name), m (this account to r0, by name), s (every
  // account to postgres, by a regular expression: what unix_socket_login must flag)
  const me = os.userInfo().username;
  const ident = path.join(c.dataDir, 'pg_ident.conf');
  writeFileSync(ident, `adm ${me} postgres\nm ${me} r0\ns /^(.*)$ postgres\n`);
  const u0 = pgRunUser();
  if (u0) chownSync(ident, u0.uid, u0.gid);
  await c.alterSystem({ ssl: 'on' }, 'reload');
  // roles: nested groups (g1 inside g0), verifiers of both kinds and none, one replication role
  const r = rng(SEED ^ 0x5eed);
  const sql = ['CREATE ROLE g0 NOLOGIN', 'CREATE ROLE g1 NOLOGIN IN ROLE g0', 'CREATE DATABASE d1', 'CREATE DATABASE r1', 'CREATE DATABASE g0'];
  for (const role of ROLES) {
    const pw = `pw-${role}-${Math.floor(r() * 1e6)}`;
    passwords[role] = pw;
    const enc = r() < 0.4 ? 'md5' : 'scram-sha-256';
    verifier[role] = enc;
    if (role !== 'postgres') sql.push(`CREATE ROLE ${role} LOGIN${role === 'r3' ? ' REPLICATION' : ''}`);
    // one session: the SET must apply to the ALTER
    sql.push(`SET password_encryption = '${enc}'; ALTER ROLE ${role} PASSWORD '${pw}'`);
  }
  sql.push('GRANT g1 TO r0', 'GRANT g0 TO r2');
  for (const s of sql) await c.query(s);
  const kinds = await c.query<{ rolname: string; md5: boolean }>(`SELECT rolname, rolpassword LIKE 'md5%' AS md5 FROM pg_authid WHERE rolname = ANY ($1)`, [ROLES]);
  for (const k of kinds) assert.equal(k.md5, verifier[k.rolname] === 'md5', `${k.rolname}: the verifier kind the test chose`);
  clients = [
    { label: 'socket', host: c.socketDir, addr: null, addrClass: 'local', transports: ['plain'] },
    { label: '127.0.0.1', host: '127.0.0.1', addr: '127.0.0.1', addrClass: 'loopback', transports: ['plain', 'ssl'] },
    { label: '::1', host: '::1', addr: '::1', addrClass: 'loopback', transports: ['plain', 'ssl'] },
    ...[...ns.clientV4, ...ns.clientV6].map((a) => ({ label: a, host: ns.via(a, c.port), addr: a, addrClass: 'private', transports: ['plain', 'ssl'] as Transport[] })),
  ];
}

async function tearDown(): Promise<void> {
  try { await c?.stop(); } finally { ns?.close(); }
}

after(() => rmSync(scratch, { recursive: true, force: true }));

/** One random pg_hba.conf (after a fixed first line that keeps the harness's own socket access). */
function randomHba(r: () => number): string[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const [v4a, v4b] = ns.clientV4;
  const [v6a] = ns.clientV6;
  const net4 = ns.netV4;
  const base4 = net4.split('/')[0].split('.').slice(0, 3).join('.');
  const addresses = ['all', '127.0.0.1/32', '::1/128', `${v4a}/32`, net4, `${v4b} 255.255.255.255`, `${base4}.0 255.255.255.252`,
    ns.netV6, `${v6a}/128`, '0.0.0.0/0', '::/0', 'samehost', '127.0.0.0/8', '10.0.0.0/8', '192.168.0.0/16'];
  const users = ['all', 'r0', 'r1', 'r2', 'r3', 'postgres', '+g0', '+g1', '/^r[0-2]$', 'r1,r3', '+g1,postgres', '/^post'];
  const dbs = ['all', 'postgres', 'd1', 'sameuser', 'samerole', 'replication', '/^d', 'postgres,d1', 'all'];
  const methods = ['trust', 'reject', 'md5', 'scram-sha-256', 'password'];
  const n = 3 + Math.floor(r() * 6);
  // the harness's own way in: this OS account as postgres, through a map naming it (a named
  // account, which unix_socket_login accepts), so the random lines decide everything else
  const lines = ['local postgres postgres peer map=adm'];
  for (let i = 0; i < n; i++) {
    // (no hostgssenc: a server built without GSSAPI refuses the whole file over such a line)
    const type = pick(['local', 'local', 'host', 'host', 'hostssl', 'hostnossl', 'hostnogssenc']);
    const addr = type === 'local' ? '' : ` ${pick(addresses)}`;
    const method = type === 'local' ? pick([...methods, 'peer', 'peer map=m', 'peer map=s']) : pick(methods);
    lines.push(`${type} ${pick(dbs)} ${pick(users)}${addr} ${method}`);
  }
  if (r() < 0.7) lines.push(`host all all ${pick(['all', '0.0.0.0/0', net4, ns.netV6])} ${pick(methods)}`);
  return lines;
}

/** Connects as the server would be asked to; the log since `from` tells the line. */
async function attempt(role: string, db: string, cl: Client, transport: Transport, password = passwords[role]): Promise<Observed> {
  const before = statSync(c.logFile).size;
  const client = new pg.Client({
    host: cl.host, port: c.port, user: role, database: db, password,
    ssl: transport === 'ssl' ? { rejectUnauthorized: false } : false, connectionTimeoutMillis: 10_000,
  } as pg.ClientConfig);
  client.on('error', () => {});
  let asked: Observed['asked'] = 'none';
  const conn = (client as any).connection;
  conn.on('authenticationCleartextPassword', () => { asked = 'cleartext'; });
  conn.on('authenticationMD5Password', () => { asked = 'md5'; });
  conn.on('authenticationSASL', () => { asked = 'sasl'; });
  let ok = false;
  let error: string | undefined;
  try { await client.connect(); ok = true; } catch (e) { error = (e as Error).message; }
  await client.end().catch(() => {});
  const log = readFileSync(c.logFile).subarray(before).toString('utf8');
  // success: "connection authenticated: ... method=X (FILE:N)" (before 18 only for methods with
  // an identity: not trust); failure: "Connection matched file "FILE" line N" (18),
  // "Connection matched pg_hba.conf line N" (before)
  const m = /connection authenticated:.*\((?:[^():]*\/)?pg_hba\.conf:(\d+)\)/.exec(log) ?? /Connection matched (?:file ".*?" |pg_hba\.conf )?line (\d+)/.exec(log);
  return {
    ok, asked, error, line: m ? Number(m[1]) : null,
    rejected: /pg_hba\.conf rejects/.test(error ?? ''), noEntry: /no pg_hba\.conf entry/.test(error ?? ''),
  };
}

interface MatrixRow { rolname: string; datname: string; addr_class: string; transports: string; line_number: number | null; auth_method: string | null; example_address: string | null }

for (const m of MAJORS) describe(`PostgreSQL ${m}`, () => {
  before(() => setUp(m));
  after(() => tearDown());
  test(`pg_hba.conf + roles: the tool agrees with the server (seed ${SEED})`, { timeout: 600_000 }, () => compare());
});

async function compare(): Promise<void> {
  const pack = loadPackFromConfig(CATALOG);
  const r = rng(SEED + major); // each major its own files (both reproducible from the seed)
  const disagreements: string[] = [];
  let cases = 0;
  const outcomes: Record<string, number> = {};
  for (let k = 0; k < CONFIGS; k++) {
    const hba = randomHba(r);
    try { await c.writeHba(hba); } catch { continue; } // a line the server refuses (e.g. hostgssenc without GSS): not a case
    // numbered as the server counts (the harness writes one comment line first)
    const hbaText = hba.map((l, i) => `${i + 2}: ${l}`).join('\n');
    const matrixOut = await cli(['hba', '--format', 'json', ...connArgs(c)]);
    assert.equal(matrixOut.code, 0, matrixOut.stderr);
    const matrix = JSON.parse(matrixOut.stdout).rows as MatrixRow[];
    const client = new pg.Client(c.clientConfig());
    await client.connect();
    let verdicts: Record<string, string>;
    try {
      const report = await auditWithNode(client, pack, { groups: ['connections'], locale: 'en' });
      verdicts = Object.fromEntries(report.results.map((x: any) => [x.check_id, x.status]));
    } finally { await client.end(); }
    const seen = { remoteTrust: false, tcpTrust: false, plainTcp: false, remoteSuper: false, weak: false, socketOpen: false };
    for (const role of ROLES) {
      for (const db of DATABASES) {
        for (const cl of clients) {
          for (const transport of cl.transports) {
            const o = await attempt(role, db, cl, transport);
            cases++;
            const kind = o.noEntry ? 'no line' : o.rejected ? 'reject' : o.line !== null ? `line (${o.ok ? 'admitted' : 'refused'}, asked ${o.asked})` : 'other';
            outcomes[kind] = (outcomes[kind] ?? 0) + 1;
            const rows = matrix.filter((m) => m.rolname === role && m.datname === db && m.addr_class === cl.addrClass
              && (cl.addrClass === 'local' || m.transports.split(',').includes(transport)));
            const where = `PostgreSQL ${major} config ${k} (seed ${SEED}) ${role}@${db} from ${cl.label} ${transport}: server ${o.ok ? 'admitted' : 'refused'} `
              + `(line ${o.line ?? '-'}, asked ${o.asked}${o.error ? `, ${o.error}` : ''}); tool rows ${JSON.stringify(rows.map((x) => x.line_number))}\n${hbaText}`;
            if (o.noEntry) {
              if (!rows.some((x) => x.line_number === null)) disagreements.push(`no line matched, the tool names none as refused: ${where}`);
            } else if (o.rejected) {
              if (!rows.some((x) => x.auth_method === 'reject')) disagreements.push(`a reject line decided, the tool has none: ${where}`);
            } else if (o.line !== null) {
              if (!rows.some((x) => x.line_number === o.line)) disagreements.push(`line ${o.line} decided, the tool does not name it: ${where}`);
            } else if (o.ok && o.asked === 'none' && major < 18) {
              // before 18 the log names no line for trust: the tool must say trust decides
              if (!rows.some((x) => x.auth_method === 'trust')) disagreements.push(`admitted without authentication, the tool names no trust line: ${where}`);
            } else if (!/SSL|closed/i.test(o.error ?? '')) {
              disagreements.push(`the server's log names no line: ${where}`);
            }
            // the method the server asked for is the one the tool says the line has (md5 runs
            // SCRAM for a role whose password is stored as SCRAM)
            const named = rows.find((x) => x.line_number === o.line);
            if (o.line !== null && named) {
              const want = { trust: 'none', password: 'cleartext', 'scram-sha-256': 'sasl', md5: verifier[role] === 'md5' ? 'md5' : 'sasl' }[named.auth_method ?? ''];
              if (want && want !== o.asked) disagreements.push(`line ${o.line} is ${named.auth_method} for the tool, the server asked ${o.asked}: ${where}`);
              // a wrong password is refused by the same line
              if (o.asked !== 'none' && transport === 'plain') {
                const w = await attempt(role, db, cl, transport, 'wrong-password');
                cases++;
                if (w.ok || w.line !== o.line) disagreements.push(`a wrong password: ${w.ok ? 'admitted' : `line ${w.line}`}, expected refused by line ${o.line}: ${where}`);
              }
            }
            // the only row of a class must be the server's line
            if (rows.length === 1 && o.line !== null && rows[0].line_number !== o.line) disagreements.push(`the tool's only row says line ${rows[0].line_number}: ${where}`);
            const remote = cl.addrClass === 'private';
            const how = rows.find((x) => x.line_number === o.line);
            if (o.ok && o.asked === 'none' && cl.addrClass !== 'local') seen.tcpTrust = true;
            if (o.ok && remote && (o.asked === 'none' || o.asked === 'cleartext')) seen.remoteTrust = true;
            if (o.ok && cl.addrClass !== 'local' && transport === 'plain') seen.plainTcp = true;
            if (o.ok && remote && role === 'postgres') seen.remoteSuper = true;
            // the socket let this account in as postgres without a password, by trust or by the regex map
            if (o.ok && cl.addrClass === 'local' && role === 'postgres' && o.line !== 2 && how && /^(trust|peer)$/.test(how.auth_method ?? '')) seen.socketOpen = true;
            if (o.ok && how && ((how.auth_method === 'md5' && verifier[role] === 'md5')
              || (['trust', 'password'].includes(how.auth_method ?? '') && cl.addrClass !== 'private'))) seen.weak = true;
          }
        }
      }
    }
    // the checks: what the server just did proves these cannot pass
    const must = (id: string, cond: boolean, why: string) => {
      if (cond && verdicts[id] === 'Success') disagreements.push(`${id} is Success but ${why} (config ${k}, seed ${SEED})\n${hbaText}`);
    };
    must('hba_remote_trust', seen.remoteTrust, 'a remote client got in with trust or a cleartext password');
    must('host_login', seen.tcpTrust, 'a TCP client got in without authentication');
    must('ssl_usage', seen.plainTcp, 'a TCP client got in without encryption');
    must('remote_superuser', seen.remoteSuper, 'postgres got in from another host');
    must('unix_socket_login', seen.socketOpen, 'this OS account got in as postgres over the socket by trust or a regex map');
    must('hba_weak_effective_method', seen.weak, 'a client got in by md5, or by trust or a cleartext password on this host');
  }
  console.log(`differential hba: PostgreSQL ${major}: ${cases} connection attempts, ${disagreements.length} disagreements; outcomes ${JSON.stringify(outcomes)}`);
  // the server's answers must be varied, or the comparison proves little
  assert.ok((outcomes['no line'] ?? 0) + (outcomes.reject ?? 0) > 0 && Object.keys(outcomes).filter((k) => k.startsWith('line')).length >= 2,
    `too little variety in the server's answers: ${JSON.stringify(outcomes)}`);
  assert.ok(cases >= 100 || CONFIGS < 3, `too few cases (${cases})`);
  assert.deepEqual(disagreements, [], disagreements.slice(0, 5).join('\n\n'));
}
