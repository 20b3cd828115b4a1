// `sec-check listen --notify`: run alerts and DDL events delivered by e-mail (a real SMTP
// conversation with a small SMTP sink on loopback) and to a webhook (a local HTTP receiver),
// with failed sends retried with backoff and reported, and no event delivered twice across
// listener restarts (SIGTERM, SIGKILL) while events keep coming. One PostgreSQL 18 server with
// sec_check and the DDL trail enabled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { CLI, connArgs, startPg18WithSecCheck } from './support.ts';

let pg: Cluster;
const dir = mkdtempSync(join(tmpdir(), 'sec-check-notify-'));
before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query('SELECT sec_check.ddl_audit_enable()');
});
after(async () => {
  await pg?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitUntil(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(100);
  }
}

// ---- a small SMTP sink: a real SMTP dialogue, messages kept; can refuse with 451 -----------------
interface Mail { from: string; to: string[]; data: string; subject: string; messageId: string }
class SmtpSink {
  server: NetServer;
  mails: Mail[] = [];
  /** answer DATA's end with 451 (try again later) this many more times */
  failNext = 0;
  refused = 0;
  sawStarttls = false;
  port = 0;
  constructor() {
    this.server = createNetServer((s) => this.session(s));
  }
  async start(port = 0): Promise<void> {
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', () => r()));
    this.port = (this.server.address() as { port: number }).port;
  }
  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
  private session(s: Socket): void {
    let buf = '';
    let inData = false;
    let mail: Partial<Mail> = { to: [] };
    const say = (line: string) => s.write(`${line}\r\n`);
    say('220 sink.test ESMTP');
    s.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buf.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
          buf = buf.slice(end + 5);
          inData = false;
          if (this.failNext > 0) { this.failNext--; this.refused++; say('451 4.3.0 try again later'); mail = { to: [] }; continue; }
          const header = (name: string) => new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, 'mi').exec(data)?.[1].replace(/\r\n[ \t]/g, ' ') ?? '';
          // the body as the reader sees it (nodemailer picks quoted-printable or base64 for long lines)
          const sep = data.indexOf('\r\n\r\n');
          const rawBody = data.slice(sep + 4);
          const cte = header('Content-Transfer-Encoding').toLowerCase();
          const body = cte === 'quoted-printable'
            ? Buffer.from(rawBody.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
            : cte === 'base64' ? Buffer.from(rawBody, 'base64').toString('utf8') : rawBody;
          this.mails.push({ from: mail.from!, to: mail.to!, data: body, subject: header('Subject'), messageId: header('Message-ID') });
          mail = { to: [] };
          say('250 2.0.0 queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { s.write('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n'); } // no STARTTLS offered
        else if (verb === 'HELO') say('250 sink.test');
        else if (verb === 'MAIL') { mail.from = /<(.*)>/.exec(line)?.[1]; say('250 2.1.0 ok'); }
        else if (verb === 'RCPT') { mail.to!.push(/<(.*)>/.exec(line)?.[1] ?? ''); say('250 2.1.5 ok'); }
        else if (verb === 'DATA') { inData = true; say('354 end with .'); }
        else if (verb === 'STAR') { this.sawStarttls = true; say('454 TLS not available'); }
        else if (verb === 'QUIT') { say('221 bye'); s.end(); return; }
        else if (verb === 'RSET' || verb === 'NOOP') say('250 ok');
        else say('502 5.5.2 unknown command');
      }
    });
    s.on('error', () => {});
  }
}

// ---- a local HTTP receiver: records POSTs; can answer 503 ----------------------------------------
interface Post { headers: Record<string, string | string[] | undefined>; body: string }
class Receiver {
  posts: Post[] = [];
  failNext = 0;
  status503 = 0;
  /** answer 422 (the event itself refused) this many more times */
  refuseNext = 0;
  server: HttpServer;
  port = 0;
  constructor() {
    this.server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        if (this.failNext > 0) { this.failNext--; this.status503++; res.writeHead(503).end('busy'); return; }
        if (this.refuseNext > 0) { this.refuseNext--; res.writeHead(422).end('unprocessable'); return; }
        this.posts.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
  }
  async start(port = 0): Promise<void> {
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', () => r()));
    this.port = (this.server.address() as { port: number }).port;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
  ids(): string[] { return this.posts.map((p) => JSON.parse(p.body).id); }
}

// ---- the listener --------------------------------------------------------------------------------
interface Proc { child: ChildProcess; stderr: string; stdout: string }
function listen(args: string[]): Proc {
  const child = spawn(process.execPath, [CLI, 'listen', ...args, ...connArgs(pg)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_STATE_HOME: join(dir, 'xdg') } });
  const p: Proc = { child, stderr: '', stdout: '' };
  child.stderr!.on('data', (b) => { p.stderr += b; });
  child.stdout!.on('data', (b) => { p.stdout += b; });
  return p;
}
async function stop(p: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const done = new Promise((r) => p.child.once('close', r));
  p.child.kill(signal);
  await Promise.race([done, sleep(10_000)]);
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}

function secretFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${text}\n`);
  chmodSync(path, 0o600);
  return path;
}

function notifyFile(name: string, smtpPort: number | null, hookPort: number | null, extra = ''): string {
  const lines: string[] = [];
  if (smtpPort !== null) {
    lines.push('[email]', 'smtp_host = "127.0.0.1"', `smtp_port = ${smtpPort}`, 'security = "none"',
      'from = "sec-check <sec-check@db.test>"', 'to = ["dba-team@example.test", "oncall@example.test"]', 'batch_wait = "1s"');
  }
  if (hookPort !== null) {
    lines.push('[webhook]', `url = "http://127.0.0.1:${hookPort}/hooks/ddl"`, `secret = { file = ${JSON.stringify(secretFile(`${name}.secret`, 'hook-signing-key'))} }`, 'timeout = "5s"');
  }
  lines.push('[delivery]', 'max_backoff = "2s"');
  const path = join(dir, `${name}.toml`);
  writeFileSync(path, `${lines.join('\n')}\n${extra}`);
  return path;
}

const ddlIds = async (): Promise<number[]> => (await pg.query('SELECT id FROM sec_check.ddl_log ORDER BY id')).map((r) => Number(r.id));

test('DDL events reach the DBA team by e-mail and the webhook; failures are retried with backoff and reported', async () => {
  const smtp = new SmtpSink();
  const hook = new Receiver();
  await smtp.start();
  await hook.start();
  smtp.failNext = 1; // the first message is refused with 451
  hook.failNext = 2; // the first two POSTs get 503
  const state = join(dir, 'state-1');
  const from = String((await ddlIds()).at(-1) ?? 0);
  const p = listen(['--channel', 'sec_check_ddl', '--notify', notifyFile('n1', smtp.port, hook.port), '--state-dir', state, '--from-id', from]);
  try {
    await waitUntil(() => /listening on sec_check_ddl/.test(p.stderr), `listening (${p.stderr})`);
    await pg.query('CREATE TABLE notified_orders (id int)');
    await pg.query('ALTER TABLE notified_orders ADD COLUMN note text');
    const ids = (await ddlIds()).slice(-2);
    await waitUntil(() => hook.ids().length >= 2, `two webhook posts (stderr: ${p.stderr})`);
    await waitUntil(() => smtp.mails.length >= 1 && smtp.mails.flatMap((m) => m.data.match(/"id":"sec_check_ddl:\d+"/g) ?? []).length >= 2, `mail (stderr: ${p.stderr})`);
    // the webhook: one signed JSON POST per event, with the event's id as idempotency key
    assert.deepEqual(hook.ids(), ids.map((id) => `sec_check_ddl:${id}`));
    for (const post of hook.posts) {
      const body = JSON.parse(post.body);
      assert.equal(post.headers['content-type'], 'application/json');
      assert.equal(post.headers['idempotency-key'], body.id);
      assert.equal(post.headers['x-sec-check-signature'], `sha256=${createHmac('sha256', 'hook-signing-key').update(post.body).digest('hex')}`);
      assert.equal(body.source, 'sec-check');
      assert.equal(body.event.channel, 'sec_check_ddl');
    }
    assert.match(JSON.parse(hook.posts[0].body).event.statement, /CREATE TABLE notified_orders/);
    // the e-mail: to the team, from the configured sender, what happened and who did it
    const mail = smtp.mails[0];
    assert.deepEqual(mail.to, ['dba-team@example.test', 'oncall@example.test']);
    assert.equal(mail.from, 'sec-check@db.test');
    assert.match(mail.subject, /^\[sec_check\] (DDL in postgres: CREATE TABLE public\.notified_orders by postgres|2 events on sec_check_ddl)$/);
    assert.match(mail.data, /CREATE TABLE notified_orders/);
    assert.match(mail.messageId, /^<sec-check\.[0-9a-f]{32}@/);
    assert.equal(smtp.sawStarttls, false, 'security = "none" on loopback: no STARTTLS asked');
    // retried and reported
    assert.equal(hook.status503, 2);
    assert.equal(smtp.refused, 1);
    assert.match(p.stderr, /webhook: could not send sec_check_ddl:\d+ to webhook http:\/\/127\.0\.0\.1:\d+\/hooks\/ddl \(attempt 1: HTTP 503: busy\); retrying in 1 s/);
    assert.match(p.stderr, /webhook: could not send .* \(attempt 2: HTTP 503: busy\); retrying in 2 s/);
    assert.match(p.stderr, /webhook: sent sec_check_ddl:\d+ to webhook .* after 2 failed attempts/);
    assert.match(p.stderr, /email: could not send .* \(attempt 1: EMESSAGE: 451 4\.3\.0 try again later\)/);
    assert.match(p.stderr, /email: sent .* to dba-team@example\.test, oncall@example\.test via 127\.0\.0\.1:\d+ after 1 failed attempt/);
    assert.doesNotMatch(p.stderr, /hook-signing-key/, 'the secret is never printed');
  } finally {
    await stop(p);
    await hook.stop();
    await smtp.stop();
  }
});

test('restarts (SIGTERM and SIGKILL) while events keep coming: every event delivered exactly once', async () => {
  const smtp = new SmtpSink();
  const hook = new Receiver();
  await smtp.start();
  await hook.start();
  const state = join(dir, 'state-2');
  const file = notifyFile('n2', smtp.port, hook.port);
  const before = (await ddlIds()).at(-1) ?? 0;
  // the first start from the newest row (--from-id: no race with the DDL below); later ones resume from the state
  const start = (first = false) => listen(['--channel', 'sec_check_ddl', '--notify', file, '--state-dir', state, ...(first ? ['--from-id', String(before)] : [])]);
  const mailIds = () => smtp.mails.flatMap((m) => [...m.data.matchAll(/"id":"(sec_check_ddl:\d+)"/g)].map((x) => x[1]));
  let p = start(true);
  try {
    await waitUntil(() => /listening on sec_check_ddl/.test(p.stderr), 'listening');
    for (let i = 0; i < 3; i++) await pg.query(`CREATE TABLE restart_a${i} (x int)`);
    await waitUntil(() => hook.ids().length === 3 && mailIds().length === 3, `first three (hook ${hook.ids()}, mail ${mailIds()}; stderr: ${p.stderr}; stdout: ${p.stdout})`);
    await stop(p, 'SIGTERM');
    // while it is away: DDL, and the receivers are down when it comes back
    for (let i = 0; i < 2; i++) await pg.query(`CREATE TABLE restart_b${i} (x int)`);
    await hook.stop();
    await smtp.stop();
    p = start();
    await waitUntil(() => /could not send/.test(p.stderr) && /listening on/.test(p.stderr), `failures reported (stderr: ${p.stderr})`);
    // killed with events queued and unsent: the queue survives
    await stop(p, 'SIGKILL');
    for (let i = 0; i < 2; i++) await pg.query(`CREATE TABLE restart_c${i} (x int)`);
    await hook.start(hook.port);
    await smtp.start(smtp.port);
    p = start();
    const want = (await ddlIds()).filter((id) => id > before).map((id) => `sec_check_ddl:${id}`);
    assert.equal(want.length, 7);
    await waitUntil(() => hook.ids().length >= 7 && mailIds().length >= 7, `all seven (hook ${hook.ids().length}, mail ${mailIds().length}; stderr: ${p.stderr})`);
    await sleep(3000); // anything sent twice would arrive by now
    assert.deepEqual(hook.ids(), want, 'webhook: each event once, in order');
    assert.deepEqual([...mailIds()].sort(), [...want].sort(), 'e-mail: each event once');
    assert.deepEqual(readdirSync(join(state, 'webhook', 'pending')), [], 'nothing left queued');
  } finally {
    await stop(p);
    await hook.stop().catch(() => {});
    await smtp.stop().catch(() => {});
  }
});

test('run alerts by e-mail; STARTTLS required but not offered: nothing sent in clear, retried and reported', async () => {
  const smtp = new SmtpSink();
  await smtp.start();
  const state = join(dir, 'state-3');
  const [{ last }] = await pg.query('SELECT coalesce(max(id), 0) AS last FROM sec_check.runs');
  const p = listen(['--notify', notifyFile('n3', smtp.port, null), '--state-dir', state, '--from-id', String(last)]);
  const tls = new SmtpSink();
  await tls.start();
  const strictFile = join(dir, 'strict.toml');
  writeFileSync(strictFile, `[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = ${tls.port}\nfrom = "a@db.test"\nto = ["b@example.test"]\nbatch_wait = "0s"\n[delivery]\nmax_backoff = "1s"\n`);
  const strict = listen(['--notify', strictFile, '--state-dir', join(dir, 'state-4'), '--from-id', String(last)]);
  try {
    await waitUntil(() => /listening on sec_check/.test(p.stderr) && /listening on sec_check/.test(strict.stderr), 'listening');
    const [{ id }] = await pg.query(`SELECT max(run_id) AS id FROM (SELECT run_id FROM sec_check.run('connections')) r`);
    await waitUntil(() => smtp.mails.length >= 1, `run alert mail (stderr: ${p.stderr})`);
    assert.match(smtp.mails[0].subject, new RegExp(`^\\[sec_check\\] run ${id} \\(`));
    assert.match(smtp.mails[0].data, new RegExp(`"run_id":${id}`));
    await waitUntil(() => (strict.stderr.match(/email: could not send/g) ?? []).length >= 2, `two failed attempts (stderr: ${strict.stderr})`);
    assert.match(strict.stderr, /email: could not send sec_check:\d+ .*attempt 1: ETLS: 454/);
    assert.equal(tls.sawStarttls, true, 'it asked for STARTTLS');
    assert.equal(tls.mails.length, 0, 'no message in clear');
  } finally {
    await stop(p);
    await stop(strict);
    await smtp.stop();
    await tls.stop();
  }
});

test('an event the webhook refuses for good (422) is set aside and reported, not retried; the next ones go on', async () => {
  const hook = new Receiver();
  await hook.start();
  hook.refuseNext = 1;
  const state = join(dir, 'state-5');
  const file = notifyFile('n5', null, hook.port);
  const from = String((await ddlIds()).at(-1) ?? 0);
  let p = listen(['--channel', 'sec_check_ddl', '--notify', file, '--state-dir', state, '--from-id', from]);
  try {
    await waitUntil(() => /listening on sec_check_ddl/.test(p.stderr), 'listening');
    await pg.query('CREATE TABLE refused_once (x int)');
    await pg.query('CREATE TABLE accepted_after (x int)');
    const ids = (await ddlIds()).slice(-2).map((id) => `sec_check_ddl:${id}`);
    await waitUntil(() => hook.ids().length === 1, `the second event (stderr: ${p.stderr})`);
    assert.deepEqual(hook.ids(), [ids[1]]);
    assert.match(p.stderr, new RegExp(`webhook: ALERT delivery_refused: ${ids[0]} refused by webhook .* \\(HTTP 422: unprocessable\\); kept in the state directory, not retried`));
    assert.deepEqual(readdirSync(join(state, 'webhook', 'failed')).filter((f) => f.endsWith('.json')).length, 1);
    await stop(p);
    p = listen(['--channel', 'sec_check_ddl', '--notify', file, '--state-dir', state]);
    await waitUntil(() => /listening on sec_check_ddl/.test(p.stderr), 'listening again');
    await sleep(2500);
    assert.deepEqual(hook.ids(), [ids[1]], 'nothing resent after the restart');
  } finally {
    await stop(p);
    await hook.stop();
  }
});
