// The side-effect scan sees a function name however it is written, and not inside text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSql, sideEffectCalls, sideEffectProblems } from '../../src/core/side-effects.ts';

const calls = (sql: string) => {
  const r = sideEffectCalls(sql);
  return 'problem' in r ? r.problem : r.calls;
};

test('finds calls written with schema, quotes, case, comments and spaces', () => {
  assert.deepEqual(calls('SELECT pg_reload_conf()'), ['pg_reload_conf']);
  assert.deepEqual(calls('SELECT pg_catalog.PG_SWITCH_WAL ()'), ['pg_switch_wal']);
  assert.deepEqual(calls('SELECT "pg_catalog"."pg_create_restore_point"(\'x\')'), ['pg_create_restore_point']);
  assert.deepEqual(calls('SELECT pg_stat_reset/* a */(/* b */)'), ['pg_stat_reset']);
  assert.deepEqual(calls('SELECT pg_stat_reset_shared(\'bgwriter\'), dblink_exec(\'x\', \'y\')'), ['dblink_exec', 'pg_stat_reset_shared']);
  assert.deepEqual(calls('SELECT pg_advisory_lock(1), pg_try_advisory_lock_shared(2)'), ['pg_advisory_lock', 'pg_try_advisory_lock_shared']);
  assert.deepEqual(calls('SELECT set_config(\'a.b\', \'1\', false), nextval(\'s\'), setval(\'s\', 1)'), ['nextval', 'set_config', 'setval']);
  assert.deepEqual(calls('SELECT lo_import(\'/etc/passwd\'), lowrite(0, \'\'), pg_file_write(\'f\', \'x\', false)'), ['lo_import', 'lowrite', 'pg_file_write']);
  assert.deepEqual(calls('SELECT pg_terminate_backend(1), pg_cancel_backend(2), pg_logical_emit_message(true, \'p\', \'m\')'),
    ['pg_cancel_backend', 'pg_logical_emit_message', 'pg_terminate_backend']);
});

test('SQL run from a string: a plain literal is read too, anything else is refused as a whole', () => {
  assert.deepEqual(calls("SELECT * FROM query_to_xml('select 1', true, true, '')"), [], 'a literal query that only reads');
  assert.deepEqual(calls("SELECT query_to_xml('SELECT pg_reload_conf()', false, true, '')"), ['pg_reload_conf']);
  assert.deepEqual(calls("SELECT query_to_xml($q$SELECT pg_switch_wal()$q$, false, true, '')"), ['pg_switch_wal']);
  assert.deepEqual(calls("SELECT query_to_xml('SELECT query_to_xml(''SELECT set_config(''''a'''', ''''b'''', false)'', true, true, '''')', true, true, '')"), ['set_config'], 'nested literals');
  assert.deepEqual(calls("SELECT query_to_xml('SELECT ' || 'pg_reload_conf()', false, true, '')"), ['query_to_xml'], 'a built string');
  assert.deepEqual(calls("SELECT query_to_xml(q, false, true, '') FROM t"), ['query_to_xml'], 'a column');
  assert.deepEqual(calls("SELECT query_to_xml(E'SELECT 1', false, true, '')"), ['query_to_xml'], 'an escape string is not read');
});

test('names inside strings, comments and dollar quotes are not calls; other functions are fine', () => {
  assert.deepEqual(calls(`SELECT 'pg_reload_conf()' AS a, E'it\\'s nextval(x)' AS b, $t$ set_config( $t$ AS c, $$dblink()$$ AS d -- pg_switch_wal()
    /* pg_stat_reset() /* nested */ still comment */ , current_setting('lo_compat_privileges') AS e FROM pg_settings`), []);
  assert.deepEqual(calls('SELECT my_nextval_column FROM t, pg_stat_resetx'), [], 'a column or table name is not a call');
});

test('SQL the scan cannot read reliably is refused, with the reason', () => {
  assert.match(String(calls('SELECT U&"pg\\005freload_conf"()')), /Unicode-escaped/);
  assert.match(String(calls("SELECT 'open")), /unterminated string/);
  assert.match(String(calls('SELECT /* open')), /unterminated \/\* comment/);
  assert.ok('text' in normalizeSql('SELECT 1'));
});

test('an allowed function is not reported; the message names the function and the flag', () => {
  assert.deepEqual(sideEffectProblems('SELECT pg_advisory_lock(1)', ['PG_ADVISORY_LOCK']), []);
  const [problem] = sideEffectProblems('SELECT pg_reload_conf()', ['pg_advisory_lock']);
  assert.match(problem, /calls pg_reload_conf\(\), which acts outside the read-only audit transaction.*--allow-side-effects pg_reload_conf/);
});
