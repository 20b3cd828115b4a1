// Built-in checks against real servers: for each fixture one state where the check passes
// and one where it reports the problem, on PostgreSQL 18 (with pgaudit/set_user) and 14.
// One cluster per major is reused; only shared_preload_libraries needs a restart.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { compileCatalog } from '../../build/compile-catalog.mjs';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/runtime/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';

const outDir = mkdtempSync(path.join(os.tmpdir(), 'sec_check-catalog-fixtures-'));
let pack: ReturnType<typeof loadPackFromConfig>;

before(async () => {
  await compileCatalog({ checksDir: 'checks', outDir });
  pack = loadPackFromConfig(path.join(outDir, 'config.json'));
});
after(() => rmSync(outDir, { recursive: true, force: true }));

async function audit(cluster: Cluster, groups: string[] | undefined, user = 'postgres', locale = 'en') {
  const client = new pg.Client(cluster.clientConfig(user, 'postgres'));
  await client.connect();
  try {
    const report = await auditWithNode(client, pack, {
      groups, locale, connection: { host: cluster.socketDir, port: cluster.port, user, database: 'postgres' } as any,
    });
    return Object.fromEntries(report.results.map((r: any) => [r.check_id, r]));
  } finally { await client.end(); }
}
async function status(cluster: Cluster, group: string, id: string, user = 'postgres') {
  const r = (await audit(cluster, [group], user))[id];
  assert.ok(r, `${id} not in report`);
  return r.status as string;
}

describe('PostgreSQL 18', () => {
  let c: Cluster;
  before(async () => { c = await startCluster(await ensureInstall(18)); });
  after(async () => { await c?.stop(); });

  test('every SQL check runs as superuser without an executor error', async () => {
    const results = Object.values(await audit(c, undefined));
    assert.ok(results.length >= 78);
    const failed = results.filter((r: any) => r.status === 'Failed').map((r: any) => `${r.check_id}: ${r.short_description} ${JSON.stringify(r.executors.map((e: any) => e.error))}`);
    assert.deepEqual(failed, []);
  });

  test('log_connections (18 list syntax)', async () => {
    assert.equal(await status(c, 'logging', 'log_connections'), 'Warning');
    await c.alterSystem({ log_connections: 'receipt' }, 'reload');
    const partial = (await audit(c, ['logging'])).log_connections;
    assert.equal(partial.status, 'Warning');
    assert.match(partial.short_description, /authentication,authorization/);
    await c.alterSystem({ log_connections: 'receipt,authentication,authorization' }, 'reload');
    assert.equal(await status(c, 'logging', 'log_connections'), 'Success');
    await c.alterSystem({ log_connections: 'all' }, 'reload');
    assert.equal(await status(c, 'logging', 'log_connections'), 'Success');
  });

  test('password_encryption', async () => {
    assert.equal(await status(c, 'connections', 'password_encryption'), 'Success');
    await c.alterSystem({ password_encryption: 'md5' }, 'reload');
    assert.equal(await status(c, 'connections', 'password_encryption'), 'Warning');
    await c.alterSystem({ password_encryption: 'scram-sha-256' }, 'reload');
  });

  test('pg_hba: unix socket, host login, remote superuser, ranges, ssl', async () => {
    // the default harness hba is trust on local and 127.0.0.1
    let r = await audit(c, ['connections']);
    assert.equal(r.unix_socket_login.status, 'Error');
    assert.equal(r.host_login.status, 'Error');
    // host 127.0.0.1/32 admits loopback clients only: no superuser can connect from another host
    assert.equal(r.remote_superuser.status, 'Success');
    // peer through an ident map that maps any OS user to the test roles
    writeFileSync(path.join(c.dataDir, 'pg_ident.conf'), 'm /^.*$ postgres\nm /^.*$ auditor\nm /^.*$ plain\n');
    await c.writeHba(['local all all peer map=m', 'host all postgres 0.0.0.0/0 reject', 'host all postgres ::/0 reject',
      'host app app 10.1.2.0/24 scram-sha-256']);
    r = await audit(c, ['connections']);
    // the map sends every OS account (/^.*$) to the superuser postgres: as open as trust for it
    assert.equal(r.unix_socket_login.status, 'Error');
    assert.match(r.unix_socket_login.full_description, /map m line 1: \/\^\.\*\$ → postgres/);
    assert.equal(r.host_login.status, 'Success');
    assert.equal(r.remote_superuser.status, 'Success');
    assert.equal(r.authorized_ip_ranges.status, 'Success');
    assert.equal(r.specific_databases_users.status, 'Success');
    // the password line first: after "host all all 0.0.0.0/0" it would never be the first match
    await c.writeHba(['local all all peer map=m', 'hostnossl all all 10.0.0.0/8 password', 'host all all 0.0.0.0/0 md5']);
    r = await audit(c, ['connections']);
    assert.equal(r.host_login.status, 'Error'); // cleartext password without TLS
    assert.equal(r.authorized_ip_ranges.status, 'Warning');
    assert.match(r.authorized_ip_ranges.full_description, /0\.0\.0\.0/);
    assert.equal(r.specific_databases_users.status, 'Warning');
    assert.equal(r.remote_superuser.status, 'Error');
    assert.equal(r.ssl_usage.status, 'Warning');
    await c.writeHba(['local all all peer map=m', 'host all all 127.0.0.1/32 scram-sha-256']);
  });

  test('a non-superuser never gets Success for data it cannot read', async () => {
    await c.query('CREATE ROLE auditor LOGIN; GRANT pg_monitor, pg_read_all_settings TO auditor; CREATE ROLE plain LOGIN');
    const r = await audit(c, undefined, 'auditor');
    for (const id of ['unix_socket_login', 'host_login', 'remote_superuser', 'ssl_usage', 'authorized_ip_ranges',
      'specific_databases_users', 'replication_users', 'login_roles_no_password', 'md5_password_verifiers']) {
      assert.equal(r[id].status, 'Failed', `${id} as auditor: ${r[id].status}`);
    }
    // pg_read_all_settings makes superuser-only settings readable
    assert.notEqual(r.password_complexity.status, 'Failed');
    const p = await audit(c, ['connections', 'logging'], 'plain');
    for (const id of ['password_complexity', 'pgaudit_enabled', 'log_directory']) {
      assert.equal(p[id].status, 'Failed', `${id} as plain: ${p[id].status}`);
    }
  });

  test('grants, SECURITY DEFINER, passwords, admin attributes', async () => {
    let r = await audit(c, ['access', 'connections']);
    assert.equal(r.public_grants.status, 'Success');
    assert.equal(r.grant_option_grants.status, 'Success');
    assert.equal(r.security_definer_search_path.status, 'Success');
    assert.equal(r.md5_password_verifiers.status, 'Success');
    await c.query(`CREATE TABLE t (a int); GRANT SELECT, INSERT ON t TO PUBLIC; CREATE ROLE g NOLOGIN;
      GRANT SELECT ON t TO g WITH GRANT OPTION; CREATE FUNCTION f() RETURNS int SECURITY DEFINER LANGUAGE sql AS 'SELECT 1';
      CREATE ROLE np LOGIN; CREATE ROLE adm LOGIN CREATEDB PASSWORD 'x'; SET password_encryption = 'md5'; CREATE ROLE m LOGIN PASSWORD 'x'`);
    r = await audit(c, ['access', 'connections']);
    assert.equal(r.public_grants.status, 'Warning');
    assert.match(r.public_grants.full_description, /public\.t: INSERT,SELECT/);
    assert.equal(r.excessive_dml_privileges.status, 'Warning');
    assert.equal(r.grant_option_grants.status, 'Warning');
    assert.equal(r.security_definer_search_path.status, 'Warning');
    assert.equal(r.excessive_function_privileges.status, 'Warning');
    assert.equal(r.login_roles_no_password.status, 'Warning');
    assert.match(r.login_roles_no_password.full_description, /np/);
    assert.equal(r.excessive_admin_privileges.status, 'Warning');
    assert.equal(r.md5_password_verifiers.status, 'Warning');
    await c.query(`REVOKE ALL ON t FROM PUBLIC; REVOKE GRANT OPTION FOR SELECT ON t FROM g;
      ALTER FUNCTION f() SET search_path = pg_catalog, pg_temp; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC`);
    r = await audit(c, ['access']);
    assert.equal(r.public_grants.status, 'Success');
    assert.equal(r.grant_option_grants.status, 'Success');
    assert.equal(r.security_definer_search_path.status, 'Success');
    assert.equal(r.excessive_function_privileges.status, 'Info');
  });

  test('public schema CREATE (default revoked in 15+)', async () => {
    assert.equal(await status(c, 'access', 'public_schema'), 'Success');
    await c.query('GRANT CREATE ON SCHEMA public TO PUBLIC');
    assert.equal(await status(c, 'access', 'public_schema'), 'Warning');
    await c.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  });

  test('pgdata_permissions probe', async () => {
    assert.equal(await status(c, 'permissions', 'pgdata_permissions'), 'Success');
    chmodSync(c.dataDir, 0o755);
    try {
      const r = (await audit(c, ['permissions'])).pgdata_permissions;
      assert.equal(r.status, 'Error', JSON.stringify(r.executors));
      assert.match(r.short_description, /755/);
    } finally { chmodSync(c.dataDir, 0o700); }
  });

  test('extensions and preloaded libraries: pgaudit, set_user, pgcrypto, passwordcheck, auth_delay', async () => {
    let r = await audit(c, ['logging', 'access', 'connections', 'settings']);
    for (const id of ['pgaudit_enabled', 'pgaudit_object_audit', 'ddl_event_trigger', 'set_user_installed', 'password_complexity', 'auth_timeout_delay', 'crypto_extension']) {
      assert.equal(r[id].status, 'Warning', `${id}: ${r[id].status}`);
    }
    await c.alterSystem({ shared_preload_libraries: 'pgaudit,set_user,passwordcheck,auth_delay' }, 'restart');
    await c.alterSystem({ 'auth_delay.milliseconds': 500, 'pgaudit.log': 'ddl,role' }, 'reload');
    await c.query(`CREATE EXTENSION pgaudit; CREATE EXTENSION set_user; CREATE EXTENSION pgcrypto; CREATE ROLE objaudit NOLOGIN`);
    await c.alterSystem({ 'pgaudit.role': 'objaudit' }, 'reload');
    r = await audit(c, ['logging', 'access', 'connections', 'settings']);
    for (const id of ['pgaudit_enabled', 'ddl_event_trigger', 'set_user_installed', 'password_complexity', 'auth_timeout_delay', 'crypto_extension']) {
      assert.equal(r[id].status, 'Success', `${id}: ${r[id].status} ${r[id].short_description}`);
    }
    assert.equal(r.pgaudit_object_audit.status, 'Warning'); // role without grants
    await c.query('GRANT SELECT ON t TO objaudit');
    assert.equal(await status(c, 'logging', 'pgaudit_object_audit'), 'Success');
    await c.query('ALTER EVENT TRIGGER pgaudit_ddl_command_end DISABLE; ALTER EVENT TRIGGER pgaudit_sql_drop DISABLE');
    assert.equal(await status(c, 'logging', 'ddl_event_trigger'), 'Warning');
  });

  test('server_version reports a minor behind the shipped table and localizes to ru', async () => {
    const r = (await audit(c, ['installation'], 'postgres', 'ru')).server_version;
    assert.equal(r.status, 'Warning'); // 18.4 vs 18.6 in the 2026-11-12 table
    assert.match(r.short_description, /отстаёт/);
  });
});

describe('PostgreSQL 14', () => {
  let c: Cluster;
  before(async () => { c = await startCluster(await ensureInstall(14)); });
  after(async () => { await c?.stop(); });

  test('every SQL check runs on 14 without an executor error', async () => {
    const results = Object.values(await audit(c, undefined));
    const failed = results.filter((r: any) => r.status === 'Failed').map((r: any) => `${r.check_id}: ${JSON.stringify(r.executors.map((e: any) => e.error))}`);
    assert.deepEqual(failed, []);
  });

  test('log_connections (boolean before 18)', async () => {
    const r = (await audit(c, ['logging'])).log_connections;
    assert.equal(r.status, 'Warning');
    assert.equal(r.executors.find((e: any) => e.script.endsWith('query_18.sql')).skipped, 'version');
    await c.alterSystem({ log_connections: 'on' }, 'reload');
    assert.equal(await status(c, 'logging', 'log_connections'), 'Success');
  });

  test('public schema is open by default before 15', async () => {
    assert.equal(await status(c, 'access', 'public_schema'), 'Warning');
    await c.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    assert.equal(await status(c, 'access', 'public_schema'), 'Success');
  });

  test('server_version: 14 is past end of life in the shipped table', async () => {
    assert.equal(await status(c, 'installation', 'server_version'), 'Error');
  });
});
