// The channel's pieces without a server: defaults of a minimal channel file, the identity
// key (equal exactly when the table's identity index would call two rows duplicates), the
// DDL built from the one column list, and the mapping of a report to findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChannelConfig, scanExclusions } from '../../src/findings-channel/config.ts';
import { createTableSql, FINDINGS_COLUMNS, IDENTITY_SQL, insertSql } from '../../src/findings-channel/ddl.ts';
import { findingKey } from '../../src/findings-channel/key.ts';
import { reportFindings } from '../../src/findings-channel/findings.ts';
import type { Report } from '../../src/core/report.ts';

const dir = mkdtempSync(join(tmpdir(), 'sec-check-unit-channel-'));

test('a bare [alerts.postgres] takes pgsense-rs\'s defaults', () => {
  const path = join(dir, 'min.toml');
  writeFileSync(path, '[alerts.postgres]\n');
  const c = loadChannelConfig(path);
  assert.deepEqual({ ...c, file: undefined }, {
    file: undefined, name: 'postgres', host: 'localhost', port: 5432, dbname: 'postgres', username: 'postgres',
    password: undefined, schema: 'pgsense', table: 'findings', tls: { enabled: false }, trustedOwners: [], excludeTables: [],
  });
  assert.deepEqual(scanExclusions(c), []);
  writeFileSync(path, '[alerts.postgres]\npassword = "inline"\n[scan]\nexclude_tables = ["findings", "audit.big"]\n');
  const d = loadChannelConfig(path);
  assert.equal(d.password, 'inline');
  assert.deepEqual(scanExclusions(d).sort(), ['audit.big', 'pgsense.findings']);
});

const base = {
  database: 'db1:5432/app', rule_id: 'r', description: 'd', category: 'c', severity: 'high',
  schema_name: 's', table_name: 't', column_name: 'col', masked_sample: 'x***', primary_key: { id: 1, b: 2 },
  lsn: '123', detected_at: '2026-11-30T05:00:00.000Z',
};

test('the key covers the identity columns only, and is stable', () => {
  const k = findingKey(base);
  assert.match(k, /^[0-9a-f]{64}$/);
  assert.equal(findingKey({ ...base, primary_key: { b: 2, id: 1 } }), k, 'key order of the primary key does not matter');
  assert.equal(findingKey({ ...base, description: 'other', masked_sample: 'y', severity: 'low', category: 'z' }), k);
  assert.equal(findingKey({ ...base, detected_at: '2026-11-30T05:00:00Z' }), k, 'the same instant written differently');
  for (const [field, value] of [['database', 'db2:5432/app'], ['rule_id', 'q'], ['schema_name', 'x'], ['table_name', 'x'], ['column_name', 'x'], ['lsn', '124'], ['detected_at', '2026-11-30T05:00:00.001Z'], ['primary_key', { id: 2, b: 2 }]] as const) {
    assert.notEqual(findingKey({ ...base, [field]: value }), k, field);
  }
  // the index covers the same columns as the key
  assert.deepEqual(IDENTITY_SQL.replace('md5(primary_key::text)', 'primary_key').split(', '), ['database', 'rule_id', 'schema_name', 'table_name', 'column_name', 'primary_key', 'lsn', 'detected_at']);
});

test('the DDL and the insert come from one column list', () => {
  const ddl = createTableSql('pgsense', 'findings');
  assert.equal(FINDINGS_COLUMNS.length, 13);
  for (const c of FINDINGS_COLUMNS) assert.ok(ddl.includes(`${c.name.padEnd(13)} ${c.sql}`), c.name);
  assert.match(insertSql('pgsense', 'findings'), /^INSERT INTO "pgsense"\."findings" \(database, rule_id, .*, detected_at\)\nSELECT .* FROM pg_catalog\.jsonb_to_recordset\(\$1::pg_catalog\.jsonb\) AS f\(database pg_catalog\.text, .*lsn pg_catalog\.int8, detected_at pg_catalog\.timestamptz\)\nON CONFLICT DO NOTHING$/);
  assert.throws(() => createTableSql('pg-sense', 'findings'), /not a plain identifier/);
});

test('Warning, Error and Failed results become findings; Success, Info and Skipped do not', () => {
  const result = (check_id: string, status: string) => ({ section: 'access', check_id, name: check_id, description: `${check_id} desc`, severity: 'medium', status });
  const report = { run: { started_at: '2026-11-30T04:00:00.000Z' }, results: ['Success', 'Info', 'Warning', 'Error', 'Failed', 'Skipped'].map((s) => result(s.toLowerCase(), s)) } as unknown as Report;
  const f = reportFindings(report, { database: 'h:5432/postgres', lsn: '42' });
  assert.deepEqual(f.map((x) => x.rule_id), ['warning', 'error', 'failed']);
  assert.deepEqual({ ...f[0], key: undefined }, {
    key: undefined, database: 'h:5432/postgres', rule_id: 'warning', description: 'warning desc', category: 'access', severity: 'medium',
    schema_name: '', table_name: '', column_name: '', masked_sample: '', primary_key: {}, lsn: '42', detected_at: '2026-11-30T04:00:00.000Z',
  });
  assert.equal(new Set(f.map((x) => x.key)).size, 3);
});
