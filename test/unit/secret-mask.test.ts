// Passwords out of every output (src/session/secret-mask.ts), over generated spellings of
// connection URIs, libpq key=value strings and environment assignments, with passwords holding
// the characters that end a naive match ('@', ':', '/', quotes, backslashes, spaces, '&',
// non-ASCII); and the fleet inventory and channel file refusing a password inside any value
// with a masked message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskDeep, maskSecrets, holdsSecret } from '../../src/session/secret-mask.ts';
import { loadInventory } from '../../src/fleet/inventory.ts';
import { loadChannelConfig } from '../../src/findings-channel/config.ts';
import { databaseLabel } from '../../src/findings-channel/findings.ts';

// every password starts and ends with a marker: masking that stops early or starts late leaves one
const HEAD = 'Qz7h';
const TAIL = 'Wv3k';
const MIDDLES = ['plain', 'p@ss', 'a:b', 'sl/ash', 'q?u#e', 'amp&er', 'pct%40', 'пароль', 'sp ace', "it's", 'back\\slash', 'dq"x', 'semi;colon', 'eq=ual'];
const passwords = MIDDLES.map((m) => `${HEAD}${m}${TAIL}`);

/** Spellings that carry `pw`, each as libpq (or a shell, a JDBC URL) would read it. */
function spellings(pw: string): string[] {
  const enc = encodeURIComponent(pw);
  const out: string[] = [];
  for (const scheme of ['postgresql', 'postgres', 'POSTGRESQL', 'PostgreSQL', 'jdbc:postgresql']) {
    for (const user of ['u', '', 'svc.audit', 'user%40corp']) {
      for (const host of ['db1', '[::1]', 'h1:5432,h2:5433', '%2Fvar%2Frun%2Fpostgresql', '']) {
        out.push(`${scheme}://${user}:${enc}@${host}/app`);
        if (!/[/?#\s"'<>`]/.test(pw)) out.push(`${scheme}://${user}:${pw}@${host}:5432/app?sslmode=require`);
      }
    }
    for (const key of ['password', 'sslpassword', 'PASSWORD']) {
      out.push(`${scheme}://db1/app?${key}=${enc}`, `${scheme}://db1/app?sslmode=require&${key}=${enc}&connect_timeout=5`);
    }
  }
  const quoted = `'${pw.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  for (const key of ['password', 'sslpassword', 'PASSWORD', 'Password']) {
    out.push(`host=db1 ${key}=${quoted} dbname=app`, `${key} = ${quoted}`, `dbname=app ${key}=${quoted}`);
    if (!/[\s'"\\;,&]/.test(pw)) out.push(`host=db1 ${key}=${pw} port=5432`, `${key}=${pw}`);
  }
  out.push(`PGPASSWORD=${quoted} psql -h db1`);
  if (!/[\s'"\\;,&]/.test(pw)) out.push(`PGPASSWORD=${pw} psql -h db1`, `export PGPASSWORD=${pw}`);
  return out;
}

const shows = (text: string) => text.includes(HEAD) || text.includes(TAIL);

test('generated spellings: no part of the password survives maskSecrets, the rest of the text does', () => {
  let n = 0;
  for (const pw of passwords) {
    for (const s of spellings(pw)) {
      const masked = maskSecrets(`server ${s} failed`);
      n++;
      assert.ok(!shows(masked), `${JSON.stringify(s)} -> ${JSON.stringify(masked)}`);
      assert.ok(masked.includes('****'), s);
      assert.ok(masked.startsWith('server ') && masked.endsWith(' failed') || masked.includes(' failed'), masked);
      assert.ok(holdsSecret(s), s);
    }
  }
  assert.ok(n > 1000, `${n} spellings`);
  // what must stay: hosts, users, other parameters, texts that only look similar
  assert.equal(maskSecrets('postgresql://auditor:pw@db1.example:5432/app'), 'postgresql://auditor:****@db1.example:5432/app');
  assert.equal(maskSecrets('postgresql://auditor@db1/app?sslmode=require'), 'postgresql://auditor@db1/app?sslmode=require');
  assert.equal(maskSecrets('host=db1 password=x port=5'), 'host=db1 password=**** port=5');
  for (const keep of ['password_encryption = scram-sha-256', 'check password strength', 'db1.example:5432/app', '/var/run/postgresql']) {
    assert.equal(maskSecrets(keep), keep);
    assert.equal(holdsSecret(keep), false, keep);
  }
  // known secrets (password files) anywhere, and deep in a document
  assert.equal(maskSecrets('auth failed for s3cr3t-file-pw', ['s3cr3t-file-pw', undefined]), 'auth failed for ****');
  assert.deepEqual(maskDeep({ a: ['x postgres://u:pw@h', { b: 'k s3cr3t' }], n: 1, z: null }, ['s3cr3t']), { a: ['x postgres://u:****@h', { b: 'k ****' }], n: 1, z: null });
  assert.deepEqual(maskDeep({ e: 'password=x s3cr3t' }, ['s3cr3t'], true), { e: 'password=x ****' }, 'known only: evidence keeps its text');
  assert.equal(databaseLabel('postgresql://u:pw@h', 5432, 'app'), 'postgresql://u:****@h:5432/app');
});

test('a password inside any inventory or channel value is refused, the message masks it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sec-check-secret-mask-'));
  const toml = (s: string) => JSON.stringify(s); // a TOML basic string
  let n = 0;
  for (const pw of passwords) {
    for (const s of spellings(pw).filter((_, i) => i % 7 === 0)) {
      for (const [key, line] of [['name', `name = ${toml(s)}\nhost = "/tmp"`], ['host', `name = "a"\nhost = ${toml(s)}`], ['database', `name = "a"\nhost = "/tmp"\ndatabase = ${toml(s)}`],
        ['user', `name = "a"\nhost = "/tmp"\nuser = ${toml(s)}`], ['tags[1]', `name = "a"\nhost = "/tmp"\ntags = ["ok", ${toml(s)}]`]] as const) {
        const file = join(dir, 'inv.toml');
        writeFileSync(file, `[[servers]]\n${line}\n`);
        n++;
        assert.throws(() => loadInventory(file, ['access']), (e: Error) => {
          assert.ok(!shows(e.message), `${key} ${JSON.stringify(s)}: ${e.message}`);
          assert.ok(e.message.includes(`servers[1].${key}: holds a password (`), e.message);
          return true;
        });
      }
      for (const key of ['host', 'dbname', 'username', 'name']) {
        const file = join(dir, 'ch.toml');
        writeFileSync(file, `[alerts.postgres]\n${key} = ${toml(s)}\n`);
        assert.throws(() => loadChannelConfig(file), (e: Error) => {
          assert.ok(!shows(e.message), `${key} ${JSON.stringify(s)}: ${e.message}`);
          assert.match(e.message, new RegExp(`alerts\\.postgres\\.${key}: holds a password`));
          return true;
        });
      }
    }
  }
  assert.ok(n > 300, `${n} inventories`);
});
