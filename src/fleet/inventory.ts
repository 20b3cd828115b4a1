// The fleet inventory: a TOML file of [[servers]] tables. Every key is checked (unknown keys,
// missing name/host, duplicate names, bad ports are errors naming file, key and value); a
// password_file is read like the channel's (owner-only, trailing newline dropped, never shown).
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { InputFileError, readSecretFile, readToml, show, TableReader } from '../session/toml.ts';
import { holdsSecret, isConnectionString } from '../session/secret-mask.ts';

export { InputFileError };

export interface InventoryServer {
  name: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** From password_file; undefined = PGPASSWORD / ~/.pgpass. Never printed or reported. */
  password: string | undefined;
  tags: string[];
  /** Check groups to run on this server; null = all. */
  groups: string[] | null;
}

export const SERVER_KEYS = ['name', 'host', 'port', 'database', 'user', 'password_file', 'tags', 'groups'];
const MAX_SERVERS = 10_000;

/**
 * A password belongs in password_file only: one inside a value would be printed with it (the
 * reports, the console, the channel's database label) and, in a host, sent to the DNS
 * resolver; a connection URI or key=value string is not a host or database name (libpq reads
 * neither as one for host, and node-postgres would send it to the server as the name).
 * Messages show the value masked.
 */
function refuseSecrets(t: TableReader, s: Omit<InventoryServer, 'password'>): void {
  const fields: [string, string][] = [['name', s.name], ['host', s.host], ['database', s.database], ['user', s.user], ...s.tags.map((v, i): [string, string] => [`tags[${i}]`, v])];
  for (const [key, value] of fields) {
    if (holdsSecret(value)) t.fail(key, `holds a password (${show(value)}): give it in password_file (mode 0600), never inside a value`);
  }
  for (const [key, value] of [['host', s.host], ['database', s.database]] as const) {
    if (isConnectionString(value)) {
      t.fail(key, `a connection URI or key=value string is not a ${key} name: ${show(value)}; give host, port, database and user as keys (a password in password_file)`);
    }
  }
}

/** knownGroups: the pack's groups a server's `groups` may name; null accepts any (fleet --collect runs no audit). */
export function loadInventory(file: string, knownGroups: string[] | null): InventoryServer[] {
  const root = new TableReader(file, '', readToml(file));
  root.onlyKeys(['servers']);
  const raw = root.table.servers;
  if (raw === undefined) throw new InputFileError(`${file}: no [[servers]] tables: nothing to audit`);
  if (!Array.isArray(raw)) throw new InputFileError(`${file}: servers: expected [[servers]] tables, got ${show(raw)}`);
  const list: unknown[] = raw;
  if (list.length === 0) throw new InputFileError(`${file}: no [[servers]] tables: nothing to audit`);
  if (list.length > MAX_SERVERS) root.fail('servers', `more than ${MAX_SERVERS} servers`);
  const names = new Map<string, number>();
  return list.map((item, i) => {
    const path = `servers[${i + 1}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item) || item instanceof Date) {
      throw new InputFileError(`${file}: ${path}: expected a table, got ${show(item)}`);
    }
    const t = new TableReader(file, path, item as Record<string, unknown>);
    t.onlyKeys(SERVER_KEYS);
    const name = t.string('name');
    if (name.length > 200) t.fail('name', `longer than 200 characters: ${show(name)}`);
    const seen = names.get(name);
    if (seen !== undefined) t.fail('name', `duplicate name ${show(name)} (also servers[${seen}])`);
    names.set(name, i + 1);
    const groups = t.strings('groups');
    groups.forEach((g, j) => {
      if (knownGroups && !knownGroups.includes(g)) t.fail(`groups[${j}]`, `unknown group ${show(g)}; the pack has: ${knownGroups.join(', ')}`);
    });
    if (t.has('groups') && groups.length === 0) t.fail('groups', 'empty list (leave the key out to run every group)');
    const passwordFile = t.has('password_file') ? t.string('password_file') : undefined;
    const server = {
      name,
      host: t.string('host'),
      port: t.port('port', 5432),
      database: t.string('database', 'postgres'),
      user: t.string('user', process.env.PGUSER || userInfo().username),
      password: passwordFile === undefined ? undefined : readSecretFile(file, `${path}.password_file`, resolve(dirname(file), passwordFile)),
      tags: t.strings('tags'),
      groups: groups.length ? groups : null,
    };
    refuseSecrets(t, server);
    return server;
  });
}
