// `--into CENTRAL` of `sec-check fleet --collect`: the central database as a libpq-style URI,
// postgresql://USER@HOST:PORT/DBNAME (a socket directory as ?host=/path). No password in it
// (it would sit in shell history and the process list): PGPASSWORD or ~/.pgpass, as for every
// other connection. Anything else in it is refused by name.
import { userInfo } from 'node:os';
import { UsageError } from '../session/errors.ts';

export interface CentralTarget { host: string; port: number; user: string; database: string }

const PARAMS = ['host', 'port', 'user', 'dbname'];

// scheme://[user[:password]@][host][:port][/dbname][?param=value&...], as libpq reads it (the
// WHATWG URL parser refuses a user without a host, which libpq allows: postgresql://me@/db?host=/run)
const URI = /^(postgres(?:ql)?):\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?(?:\/([^?#]*))?(?:\?([^#]*))?$/;

export function parseCentral(value: string | undefined): CentralTarget {
  if (value === undefined || value.trim() === '') throw new UsageError('--into CENTRAL is required with --collect (postgresql://USER@HOST:PORT/DBNAME, a socket directory as ?host=/path)');
  const m = URI.exec(value.trim());
  if (!m) throw new UsageError(`--into: not a postgresql:// URI: ${JSON.stringify(value)} (postgresql://USER@HOST:PORT/DBNAME)`);
  const [, , userinfo = '', rawHost = '', rawPort = '', rawPath = '', query = ''] = m;
  const decode = (part: string, what: string) => {
    try { return decodeURIComponent(part); } catch { throw new UsageError(`--into: bad %-escape in the ${what}: ${JSON.stringify(part)}`); }
  };
  if (userinfo.includes(':')) throw new UsageError('--into: a password in the URI is refused (it would be seen in the process list); use PGPASSWORD or ~/.pgpass');
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (!PARAMS.includes(key)) throw new UsageError(`--into: unknown parameter ${JSON.stringify(key)} (allowed: ${PARAMS.join(', ')})`);
  }
  const host = params.get('host') ?? (rawHost ? decode(rawHost.replace(/^\[|\]$/g, ''), 'host') : (process.env.PGHOST ?? '/tmp'));
  const portText = params.get('port') ?? (rawPort || process.env.PGPORT || '5432');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new UsageError(`--into: not a port number: ${JSON.stringify(portText)}`);
  const user = params.get('user') ?? (userinfo ? decode(userinfo, 'user') : (process.env.PGUSER ?? userInfo().username));
  const database = params.get('dbname') ?? (rawPath ? decode(rawPath, 'database name') : user);
  return { host, port, user, database };
}
