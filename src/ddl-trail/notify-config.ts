// The notifications file of `sec-check listen --notify FILE` (TOML, every key checked):
//   [email]    SMTP: smtp_host, smtp_port, security (starttls | tls | none), username, password =
//              { file = "…" }, from, to = [...], ca_file, subject_prefix, batch_wait, max_events
//   [webhook]  url, token = { file = "…" } (Authorization: Bearer), secret = { file = "…" } (HMAC
//              signature header), ca_file, timeout, insecure_http
//   [delivery] state_dir, max_backoff
// A secret sits in a file readable by its owner only and is never printed. Plain SMTP and
// plain HTTP are refused unless the server is on this host (loopback), or, for HTTP, the file
// says insecure_http = true: DDL statements and findings are not sent in clear over a network.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InputFileError, readSecretFile, readToml, show, TableReader } from '../session/toml.ts';
import { checkInputFile, checkStateDir, INPUT_CAPS, readInputText } from '../session/input-file.ts';

export interface EmailSink {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  username: string | null;
  password: string | null;
  from: string;
  to: string[];
  ca: string | null;
  subjectPrefix: string;
  batchWaitMs: number;
  maxEvents: number;
}

export interface WebhookSink {
  url: URL;
  token: string | null;
  secret: string | null;
  ca: string | null;
  timeoutMs: number;
}

export interface NotifyConfig {
  file: string;
  email: EmailSink | null;
  webhook: WebhookSink | null;
  /** null: the default under $XDG_STATE_HOME, one per server, database and channel */
  stateDir: string | null;
  maxBackoffMs: number;
}

/** `5s`, `2m`, `1h`, `0s`; a bare number is seconds. */
export function parseSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!);
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;
/** An address, or `Name <address>` for from. */
function checkAddress(t: TableReader, key: string, value: string, named: boolean): void {
  const m = named ? /^(?:[^<>\r\n]*<([^<>]+)>|([^<>]+))$/.exec(value) : null;
  const address = named ? (m?.[1] ?? m?.[2] ?? '').trim() : value;
  if (!ADDRESS.test(address)) t.fail(key, `not an e-mail address: ${show(value)}`);
}

function duration(t: TableReader, key: string, fallback: number, min: number, max: number): number {
  if (!t.has(key)) return fallback;
  const raw = t.table[key];
  if (typeof raw !== 'string') t.fail(key, `expected a duration such as "5s", got ${show(raw)}`);
  const ms = parseSeconds(raw as string);
  if (ms === null || ms < min || ms > max) t.fail(key, `not a duration from ${min / 1000}s to ${max / 1000}s: ${show(raw)}`);
  return ms!;
}

function integer(t: TableReader, key: string, fallback: number, min: number, max: number): number {
  if (!t.has(key)) return fallback;
  const v = t.table[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) t.fail(key, `expected a whole number from ${min} to ${max}, got ${show(v)}`);
  return v as number;
}

/** `{ file = "…" }`: a secret read from an owner-only file (relative to the notifications file). */
function secret(t: TableReader, key: string, file: string): string | null {
  if (!t.has(key)) return null;
  const raw = t.table[key];
  if (typeof raw === 'string') t.fail(key, 'write the secret into a file (mode 0600) and give { file = "…" }: it is never kept in this file');
  const sub = t.sub(key);
  sub.onlyKeys(['file']);
  return readSecretFile(file, `${t.key(key)}.file`, resolve(dirname(file), sub.string('file')));
}

function caFile(t: TableReader, file: string): string | null {
  if (!t.has('ca_file')) return null;
  const path = resolve(dirname(file), t.string('ca_file'));
  checkInputFile(path, INPUT_CAPS.certificate, `${file}: ${t.key('ca_file')}: ${path}`);
  return readInputText(path, INPUT_CAPS.certificate, `${file}: ${t.key('ca_file')}: ${path}`);
}

export function loadNotifyConfig(file: string): NotifyConfig {
  const root = new TableReader(file, '', readToml(file));
  root.onlyKeys(['email', 'webhook', 'delivery']);
  if (!root.has('email') && !root.has('webhook')) throw new InputFileError(`${file}: neither [email] nor [webhook]: nothing says where notifications go`);
  let email: EmailSink | null = null;
  if (root.has('email')) {
    const t = root.sub('email');
    t.onlyKeys(['smtp_host', 'smtp_port', 'security', 'username', 'password', 'from', 'to', 'ca_file', 'subject_prefix', 'batch_wait', 'max_events']);
    const host = t.string('smtp_host');
    const security = t.string('security', 'starttls');
    if (!['starttls', 'tls', 'none'].includes(security)) t.fail('security', `expected "starttls", "tls" or "none", got ${show(security)}`);
    if (security === 'none' && !isLoopback(host)) t.fail('security', `"none" sends mail in clear: only to an SMTP server on this host (localhost), not ${show(host)}`);
    const username = t.has('username') ? t.string('username') : null;
    const password = secret(t, 'password', file);
    if ((username === null) !== (password === null)) t.fail(username === null ? 'password' : 'username', 'username and password go together');
    const from = t.string('from');
    checkAddress(t, 'from', from, true);
    const to = t.strings('to');
    if (!t.has('to') || to.length === 0) t.fail('to', 'missing (required): the addresses notifications go to');
    to.forEach((a, i) => checkAddress(t, `to[${i}]`, a, false));
    const prefix = t.string('subject_prefix', '[sec_check]');
    email = {
      host,
      port: t.port('smtp_port', security === 'tls' ? 465 : security === 'none' ? 25 : 587),
      security: security as EmailSink['security'],
      username,
      password,
      from,
      to,
      ca: caFile(t, file),
      subjectPrefix: prefix,
      batchWaitMs: duration(t, 'batch_wait', 5000, 0, 3_600_000),
      maxEvents: integer(t, 'max_events', 50, 1, 1000),
    };
  }
  let webhook: WebhookSink | null = null;
  if (root.has('webhook')) {
    const t = root.sub('webhook');
    t.onlyKeys(['url', 'token', 'secret', 'ca_file', 'timeout', 'insecure_http']);
    const text = t.string('url');
    let url: URL;
    try { url = new URL(text); } catch { t.fail('url', `not a URL: ${show(text)}`); }
    if (url!.protocol !== 'https:' && url!.protocol !== 'http:') t.fail('url', `expected an http(s) URL, got ${show(text)}`);
    if (url!.username || url!.password) t.fail('url', 'holds a user name or password: use token = { file = "…" }');
    if (url!.protocol === 'http:' && !isLoopback(url!.hostname) && !t.boolean('insecure_http', false)) {
      t.fail('url', `plain http to ${show(url!.hostname)} sends events in clear: use https, or say insecure_http = true`);
    }
    t.boolean('insecure_http', false);
    webhook = {
      url: url!,
      token: secret(t, 'token', file),
      secret: secret(t, 'secret', file),
      ca: caFile(t, file),
      timeoutMs: duration(t, 'timeout', 10_000, 1000, 300_000),
    };
  }
  const d = root.sub('delivery');
  d.onlyKeys(['state_dir', 'max_backoff']);
  const stateDir = d.has('state_dir') ? resolve(dirname(file), d.string('state_dir')) : null;
  if (stateDir !== null) checkStateDir(stateDir, `${file}: delivery.state_dir: ${stateDir}`);
  return { file, email, webhook, stateDir, maxBackoffMs: duration(d, 'max_backoff', 300_000, 1000, 86_400_000) };
}

/** The default state directory: one per server, database and channel, so two listeners never share one. */
export function defaultStateDir(where: string): string {
  const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'sec-check', 'listen', createHash('sha256').update(where).digest('hex').slice(0, 16));
}
export { InputFileError };
