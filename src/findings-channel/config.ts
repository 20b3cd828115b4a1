// The channel file: pgsense-rs's `[alerts.postgres]` keys and defaults, plus `[scan]
// exclude_tables` (the only way to let findings be written into a database that is scanned).
import { dirname, resolve } from 'node:path';
import { InputFileError, readSecretFile, readToml, show, TableReader } from '../session/toml.ts';
import type { ChannelConfig } from './types.ts';
import { holdsSecret, isConnectionString, maskSecrets } from '../session/secret-mask.ts';

export { InputFileError };

/** A plain identifier: ASCII letters, digits and underscores, not starting with a digit. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Loads and validates a channel file; throws InputFileError naming file, key and value. */
export function loadChannelConfig(path: string): ChannelConfig {
  const root = new TableReader(path, '', readToml(path));
  root.onlyKeys(['alerts', 'scan']);
  const alerts = root.sub('alerts');
  alerts.onlyKeys(['postgres']);
  if (!alerts.has('postgres')) throw new InputFileError(`${path}: no [alerts.postgres] table: nothing says where findings go`);
  const pg = alerts.sub('postgres');
  pg.onlyKeys(['name', 'host', 'port', 'dbname', 'username', 'password', 'schema', 'table', 'tls', 'trusted_owners']);
  const ident = (k: string, fallback: string): string => {
    const v = pg.string(k, fallback);
    if (!IDENTIFIER.test(v)) pg.fail(k, `not a plain identifier: ${show(v)} (ASCII letters, digits and underscores only, at most 63, not starting with a digit)`);
    return v;
  };
  let password: string | undefined;
  const raw = pg.table.password;
  if (typeof raw === 'string') {
    if (raw === '') pg.fail('password', 'empty value ""');
    password = raw;
  } else if (raw !== undefined) {
    const pw = pg.sub('password');
    pw.onlyKeys(['file']);
    const file = pw.string('file');
    password = readSecretFile(path, 'alerts.postgres.password.file', resolve(dirname(path), file));
  }
  // sec_check's own key (pgsense-rs has no such check): owners besides the channel user and superusers
  const trustedOwners = pg.strings('trusted_owners');
  trustedOwners.forEach((r, i) => {
    if (Buffer.byteLength(r) > 63) pg.fail(`trusted_owners[${i}]`, `longer than 63 bytes (not a role name): ${show(r)}`);
  });
  const tls = pg.sub('tls');
  tls.onlyKeys(['enabled']);
  const scan = root.sub('scan');
  scan.onlyKeys(['exclude_tables']);
  const excludeTables = scan.strings('exclude_tables');
  excludeTables.forEach((t, i) => {
    if (!t.split('.').every((part) => IDENTIFIER.test(part)) || t.split('.').length > 2) {
      scan.fail(`exclude_tables[${i}]`, `not a table name: ${show(t)} (table or schema.table, plain identifiers)`);
    }
  });
  // the password goes in password (or its file), never inside another value: it would be
  // printed with it (messages, the spool) and, in a host, sent to the DNS resolver
  const plain = (k: string, fallback: string): string => {
    const v = pg.string(k, fallback);
    if (holdsSecret(v)) pg.fail(k, `holds a password (${show(v)}): give it in password = { file = "..." }, never inside ${k}`);
    if (k !== 'name' && k !== 'username' && isConnectionString(v)) {
      pg.fail(k, `a connection URI or key=value string is not a ${k === 'host' ? 'host' : 'database'} name: ${show(v)}; give host, port, dbname and username as keys`);
    }
    return v;
  };
  return {
    file: path,
    name: plain('name', 'postgres'),
    host: plain('host', 'localhost'),
    port: pg.port('port', 5432),
    dbname: plain('dbname', 'postgres'),
    username: plain('username', 'postgres'),
    password,
    schema: ident('schema', 'pgsense'),
    table: ident('table', 'findings'),
    tls: { enabled: tls.boolean('enabled', false) },
    trustedOwners,
    excludeTables,
  };
}

/** Whether `[scan] exclude_tables` names the findings table (bare or schema-qualified). */
export function findingsTableExcluded(config: ChannelConfig): boolean {
  return config.excludeTables.some((t) => t === config.table || t === `${config.schema}.${config.table}`);
}

/** The exclusion to hand a table scan (the PII scan's `exclude_tables`), "schema.table". */
export function scanExclusions(config: ChannelConfig): string[] {
  // plain identifiers with capitals are the channel's own spelling (it quotes them): quoted here,
  // so the scan, which reads names as PostgreSQL does, does not fold them to lower case
  const name = (t: string) => t.split('.').map((p) => (/^[a-z_][a-z0-9_]*$/.test(p) ? p : `"${p}"`)).join('.');
  const own = `${config.schema}.${config.table}`;
  return [...new Set([...config.excludeTables.map((t) => name(t.includes('.') ? t : t === config.table ? own : t)), ...(findingsTableExcluded(config) ? [name(own)] : [])])];
}

/** Where the channel is, for messages (never the password). */
export function describeChannel(config: ChannelConfig): string {
  return maskSecrets(`${config.host}:${config.port}/${config.dbname} table ${config.schema}.${config.table}`, [config.password]);
}
