// More than a hundred bad inputs, one table: CLI flags, output locations, pack files, .loc
// files, the pack and report commands. Each must exit 2 with ONE line on stderr that names
// the file, field or value, print no stack trace, write no file and store nothing (no run
// row, no uploaded pack). Every run case also passes --store, so a case that slipped
// through would leave a row behind. The 24 misbehaviours of issue 8 are marked "issue 8".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, existsSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { CLI, configOf, connArgs, luaReturning, startPg18WithSecCheck, writePack, type PackFiles } from './support.ts';

let pg: Cluster;
const locked: string[] = [];
const isRoot = process.getuid?.() === 0;

/** A directory nobody may write to, root included (immutable flag), undone in after(). */
function lockDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  if (isRoot) {
    const r = spawnSync('chattr', ['+i', dir]);
    assert.equal(r.status, 0, `chattr +i ${dir}: ${r.stderr}`);
  } else chmodSync(dir, 0o555);
  locked.push(dir);
  return dir;
}
function unlockAll() {
  for (const dir of locked) {
    if (isRoot) spawnSync('chattr', ['-i', dir]);
    else chmodSync(dir, 0o755);
  }
}

before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query('CREATE DATABASE robust_noext');
  await pg.query('CREATE ROLE robust_plain LOGIN');
});
after(async () => {
  unlockAll();
  await pg?.stop();
});

const okItem = (name = 'one', extra: object = {}) => ({ name, executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }], ...extra });
const goodFiles: PackFiles = { 'q.sql': 'SELECT 1 AS one', 'v.lua': luaReturning('Success') };
/** A valid pack plus overrides; `config` replaces the config object or text. */
const pack = (over: PackFiles = {}) => writePack({ 'config.json': configOf('s', [okItem()]), ...goodFiles, ...over });
/** A config given as an object that may break configOf's shape. */
const rawConfig = (config: unknown, over: PackFiles = {}) => pack({ 'config.json': typeof config === 'string' ? config : JSON.stringify(config), ...over });
const baseCfg = { header: 'h', report_name: 'r', description: 'd' };
const itemCfg = (item: unknown) => ({ ...baseCfg, section: { s: { header: 's', description: 's', items: [item] } } });
const fullItem = (over: object = {}) => ({ name: 'one', description: 'one', executors: [{ script: 'q.sql', min_ver: 'none', max_ver: 'none' }], validators: [{ script: 'v.lua', min_ver: 'none', max_ver: 'none' }], ...over });

interface Ctx { dir: string; out: string; conn: string[] }
interface Case {
  name: string;
  /** Arguments after the command; `run` cases get connection, --store and --output unless given. */
  args: (c: Ctx) => string[];
  stderr: RegExp;
  cmd?: 'run' | 'pack' | 'report' | 'agent' | 'listen' | 'ddl' | '';
  conn?: (c: Ctx) => string[];
}

const run = (name: string, stderr: RegExp, args: (c: Ctx) => string[]): Case => ({ name, stderr, args, cmd: 'run' });
/** A run of a bad pack: config path from the builder, everything else valid. */
const badPack = (name: string, stderr: RegExp, build: (c: Ctx) => string, extra: string[] = []): Case =>
  run(name, stderr, (c) => ['--config', build(c), ...extra]);

const cases: Case[] = [
  // ---- run: options ----
  run('unknown option', /Unknown option '--bogus'/, () => ['--config', pack(), '--bogus']),
  run('password as an option: -W/--password only asks for it', /Unexpected argument 'x'/, () => ['--config', pack(), '--password', 'x']),
  run('password as an option, inline', /Option '-W, --password' does not take an argument/, () => ['--config', pack(), '--password=x']),
  run('a connection URI holding a password', /--database: the connection string holds a password; sec-check takes passwords only from/, () => ['--config', pack(), '-d', 'postgresql://u:hunter2@localhost/db']),
  run('a conninfo string holding a password', /--dbname: the connection string holds a password/, () => ['--config', pack(), '--dbname', "host=localhost password='x y'"]),
  run('a conninfo string with an unknown keyword', /--database connection string: invalid connection option "hots"/, () => ['--config', pack(), '-d', 'hots=localhost dbname=x']),
  run('a conninfo string with an unterminated quote', /--database connection string: unterminated quoted string/, () => ['--config', pack(), '-d', "host='localhost"]),
  run('a URI with a bad percent escape', /--database connection string: invalid percent-encoded token: "db%zz"/, () => ['--config', pack(), '-d', 'postgresql://localhost/db%zz']),
  run('a URI with an unknown parameter', /--database connection string: invalid URI query parameter: "sslmod"/, () => ['--config', pack(), '-d', 'postgresql://localhost/db?sslmod=require']),
  run('several hosts', /--database connection string \(host\): several hosts \("a,b"\) are not supported/, () => ['--config', pack(), '-d', 'postgresql://a,b/db']),
  run('sslmode unknown', /--database connection string \(sslmode\): invalid sslmode value: "sometimes"/, () => ['--config', pack(), '-d', 'host=localhost sslmode=sometimes']),
  run('-w and -W together', /-w \(--no-password\) and -W \(--password\): choose one/, () => ['--config', pack(), '-w', '-W']),
  run('--user and --username together', /--user and --username are the same option: give one/, () => ['--config', pack(), '--username', 'x']),
  run('a service that is not defined', /definition of service "nowhere" not found/, () => ['--config', pack(), '-d', 'service=nowhere']),
  run('--output - with two formats', /--output -: standard output takes one format, not Json and Html/, () => ['--config', pack(), '--format', 'Full', '--output', '-']),
  run('--output - with --all-databases', /--output - and --all-databases: one report per database cannot all go to standard output/, () => ['--config', pack(), '--all-databases', '--output', '-']),
  run('stray positional argument', /positional argument.*'extra'|Unexpected argument 'extra'/, () => ['--config', pack(), 'extra']),
  run('--output without a value at the end', /--output.*(argument missing|ambiguous)/, (c) => ['--config', pack(), '--format', 'Json', '--output']),
  run('--output swallowing the next option', /--output.*ambiguous/, (c) => ['--config', pack(), '--output', '--format', 'Json']),
  run('--config without a value', /--config.*(argument missing|ambiguous)/, () => ['--config']),
  run('--format without a value', /--format.*(argument missing|ambiguous)/, () => ['--config', pack(), '--format']),
  run('--locale without a value', /--locale.*(argument missing|ambiguous)/, () => ['--config', pack(), '--locale']),
  run('--groups without a value', /--groups.*(argument missing|ambiguous)/, () => ['--config', pack(), '--groups']),
  run('--format Pdf', /unknown report format "Pdf"/, () => ['--config', pack(), '--format', 'Pdf']),
  run('--format empty', /empty report format ""/, () => ['--config', pack(), '--format', '']),
  run('--format only commas', /empty report format ",,"/, () => ['--config', pack(), '--format', ',,']),
  run('--format with one bad name in a list', /unknown report format "Xml"/, () => ['--config', pack(), '--format', 'Html,Xml']),
  run('issue 8: repeated --format', /--format given more than once/, () => ['--config', pack(), '--format', 'Html', '--format', 'Json']),
  run('repeated --format, inline form', /--format given more than once/, () => ['--config', pack(), '--format=Html', '--format=Json']),
  run('repeated --output', /--output given more than once/, (c) => ['--config', pack(), '--output', c.out, '--output', `${c.out}2`]),
  run('repeated --config', /--config given more than once/, () => ['--config', pack(), '--config', pack()]),
  run('repeated --store', /--store given more than once/, () => ['--config', pack(), '--store']),
  run('repeated --groups', /--groups given more than once/, () => ['--config', pack(), '--groups', 's', '--groups', 's']),
  run('repeated --host', /--host given more than once/, () => ['--config', pack(), '--host', '/tmp']),
  run('issue 8: --groups ,', /--groups: no names in ","/, () => ['--config', pack(), '--groups', ',']),
  run('--groups empty', /--groups: no names in ""/, () => ['--config', pack(), '--groups', '']),
  run('--groups with an empty name inside', /--groups: empty name at position 2 in "s,,s"/, () => ['--config', pack(), '--groups', 's,,s']),
  run('--groups unknown', /unknown group "nope"; this pack has: s/, () => ['--config', pack(), '--groups', 'nope']),
  run('--groups one known, one unknown', /unknown group "other"/, () => ['--config', pack(), '--groups', 's,other']),
  run('issue 8: --locale ../../x', /--locale: not a language code: "\.\.\/\.\.\/x"/, () => ['--config', pack(), '--locale', '../../x']),
  run('--locale empty', /--locale: not a language code: ""/, () => ['--config', pack(), '--locale', '']),
  run('--locale with a slash', /--locale: not a language code: "en\/\.\.\/ru"/, () => ['--config', pack(), '--locale', 'en/../ru']),
  run('--locale one letter', /--locale: not a language code: "e"/, () => ['--config', pack(), '--locale', 'e']),
  run('--locale with a NUL-like escape', /--locale: not a language code: "en%00"/, () => ['--config', pack(), '--locale', 'en%00']),
  run('--locale absolute path', /--locale: not a language code: "\/etc\/passwd"/, () => ['--config', pack(), '--locale', '/etc/passwd']),
  run('--fail-on unknown', /bogus/, () => ['--config', pack(), '--fail-on', 'bogus']),
  run('--fail-on empty', /fail-on|""/, () => ['--config', pack(), '--fail-on', '']),
  run('--port not a number', /--port: not a port number: "abc"/, () => ['--config', pack(), '--port', 'abc']),
  run('--port 0', /--port: not a port number: "0"/, () => ['--config', pack(), '--port', '0']),
  run('--port 70000', /--port: not a port number: "70000"/, () => ['--config', pack(), '--port', '70000']),
  run('--port 5432.5', /--port: not a port number: "5432\.5"/, () => ['--config', pack(), '--port=5432.5']),
  run('--statement-timeout not a number', /--statement-timeout: not a number of milliseconds: abc/, () => ['--config', pack(), '--statement-timeout', 'abc']),
  run('--statement-timeout negative', /--statement-timeout: not a number of milliseconds: -5/, () => ['--config', pack(), '--statement-timeout=-5']),
  run('--config empty', /--config: empty value ""/, () => ['--config', '']),
  // ---- run: output locations (checked before the audit) ----
  run('issue 8: --output empty', /--output: empty value ""/, () => ['--config', pack(), '--output', '']),
  run('--output blank', /--output: empty value "   "/, () => ['--config', pack(), '--output', '   ']),
  run('--output ending in a slash', /--output: ".*\/" ends with a slash/, (c) => ['--config', pack(), '--output', `${c.dir}/`]),
  run('issue 8: --output below a regular file', /--output: cannot write .*plain\.txt\/audit\.json: .*plain\.txt is a file, not a directory/, (c) => {
    writeFileSync(join(c.dir, 'plain.txt'), 'x');
    return ['--config', pack(), '--format', 'Json', '--output', join(c.dir, 'plain.txt', 'audit')];
  }),
  run('--output two levels below a regular file', /plain\.txt is a file, not a directory/, (c) => {
    writeFileSync(join(c.dir, 'plain.txt'), 'x');
    return ['--config', pack(), '--output', join(c.dir, 'plain.txt', 'a', 'b')];
  }),
  run('issue 8: --output under /proc (used to hang)', /--output: cannot write \/proc\/self\/audit\.json: \/proc\/self is on the proc pseudo filesystem/, () => ['--config', pack(), '--format', 'Json', '--output', '/proc/self/audit']),
  run('--output under /proc/sys', /proc pseudo filesystem/, () => ['--config', pack(), '--output', '/proc/sys/kernel/audit']),
  run('--output under /sys', /sysfs pseudo filesystem/, () => ['--config', pack(), '--output', '/sys/kernel/audit']),
  run('--output in an unwritable directory', /--output: cannot write .*locked\/audit\.json: directory .*locked is not writable/, (c) => {
    lockDir(join(c.dir, 'locked'));
    return ['--config', pack(), '--format', 'Json', '--output', join(c.dir, 'locked', 'audit')];
  }),
  run('--output in a missing subdirectory of an unwritable directory', /locked is not writable/, (c) => {
    lockDir(join(c.dir, 'locked'));
    return ['--config', pack(), '--output', join(c.dir, 'locked', 'sub', 'audit')];
  }),
  run('--output whose .json is a directory', /--output: cannot write .*audit\.json: it is a directory/, (c) => {
    mkdirSync(join(c.dir, 'audit.json'));
    return ['--config', pack(), '--format', 'Json', '--output', join(c.dir, 'audit')];
  }),
  run('issue 8: --output whose _web cannot be created (a file): no .json left', /audit_web is a file, not a directory/, (c) => {
    writeFileSync(join(c.dir, 'audit_web'), 'x');
    return ['--config', pack(), '--format', 'Full', '--output', join(c.dir, 'audit')];
  }),
  run('--output whose _web/index.html is a directory', /index\.html: it is a directory/, (c) => {
    mkdirSync(join(c.dir, 'audit_web', 'index.html'), { recursive: true });
    return ['--config', pack(), '--format', 'Html', '--output', join(c.dir, 'audit')];
  }),
  run('--output whose .sarif is a FIFO', /audit\.sarif: it exists and is not a regular file/, (c) => {
    spawnSync('mkfifo', [join(c.dir, 'audit.sarif')]);
    return ['--config', pack(), '--format', 'Sarif', '--output', join(c.dir, 'audit')];
  }),
  // ---- run: config file ----
  badPack('--config missing', /nowhere\/config\.json: file not found/, (c) => join(c.dir, 'nowhere', 'config.json')),
  badPack('issue 8: --config is a directory', /: is a directory, not a file/, (c) => c.dir),
  badPack('issue 8: a 600 MB config (size checked before reading)', /config\.json: file of 629145600 bytes exceeds the limit of 16777216 bytes/, (c) => {
    const path = join(c.dir, 'config.json');
    writeFileSync(path, '');
    truncateSync(path, 600 * 1024 * 1024); // sparse: costs no disk
    return path;
  }),
  badPack('config is a FIFO (never opened)', /config\.json: is not a regular file/, (c) => {
    spawnSync('mkfifo', [join(c.dir, 'config.json')]);
    return join(c.dir, 'config.json');
  }),
  badPack('config is /dev/zero', /\/dev\/zero: is not a regular file/, () => '/dev/zero'),
  badPack('config not UTF-8', /config\.json: not valid UTF-8 text \(first bad byte at offset 14\)/, (c) => {
    const path = join(c.dir, 'config.json');
    writeFileSync(path, Buffer.concat([Buffer.from('{"header": "ab'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
    return path;
  }),
  badPack('invalid JSON', /config\.json: invalid JSON at line 1, column \d+/, () => rawConfig('{ "section": { "s": { "items": [ }')),
  badPack('empty config file', /config\.json: invalid JSON/, () => rawConfig('')),
  badPack('config with a trailing comma', /config\.json: invalid JSON at line 1/, () => rawConfig('{"section": {},}')),
  badPack('config nested 100,000 deep and unclosed', /config\.json: invalid JSON/, () => rawConfig('['.repeat(100_000))),
  badPack('config top level is an array', /config\.json: the top level must be a JSON object/, () => rawConfig('[]')),
  badPack('config is null', /config\.json: the top level must be a JSON object/, () => rawConfig('null')),
  badPack('config is a string', /config\.json: the top level must be a JSON object/, () => rawConfig('"config"')),
  badPack('header nested 50,000 deep', /config\.json: header: expected a string, found \(a deeply nested array\)/, () => rawConfig(`{"header": ${'['.repeat(50_000)}${']'.repeat(50_000)}, "section": {"s": {"items": []}}}`)),
  badPack('header a number', /header: expected a string, found 5/, () => rawConfig({ ...itemCfg(fullItem()), header: 5 })),
  badPack('report_name an object', /report_name: expected a string, found \{\}/, () => rawConfig({ ...itemCfg(fullItem()), report_name: {} })),
  badPack('section missing', /section: expected an object with at least one group, found undefined/, () => rawConfig(baseCfg)),
  badPack('section an array', /section: expected an object with at least one group, found \[\]/, () => rawConfig({ ...baseCfg, section: [] })),
  badPack('section empty', /section: expected an object with at least one group, found \{\}/, () => rawConfig({ ...baseCfg, section: {} })),
  badPack('a section is a string', /section\.s: expected an object, found "x"/, () => rawConfig({ ...baseCfg, section: { s: 'x' } })),
  badPack('items not an array', /section\.s\.items: expected an array, found \{\}/, () => rawConfig({ ...baseCfg, section: { s: { items: {} } } })),
  badPack('an item is a number', /section\.s\.items\[0\]: expected an object, found 7/, () => rawConfig(itemCfg(7))),
  badPack('item name missing', /section\.s\.items\[0\]\.name: expected a string, found undefined/, () => rawConfig(itemCfg(fullItem({ name: undefined })))),
  badPack('item name a number', /section\.s\.items\[0\]\.name: expected a string, found 12/, () => rawConfig(itemCfg(fullItem({ name: 12 })))),
  badPack('description an array', /section\.s\.items\[0\]\.description: expected a string, found \[1\]/, () => rawConfig(itemCfg(fullItem({ description: [1] })))),
  badPack('duplicate check names in a section', /section\.s\.items\[1\]\.name: duplicate check name "one"/, () => rawConfig({ ...baseCfg, section: { s: { items: [fullItem(), fullItem()] } } })),
  badPack('issue 8: duplicate check ids across sections', /section\.b\.items\[0\]\.id: duplicate check id "c1" \(already used by section\.a\.items\[0\]\)/, () => rawConfig({ ...baseCfg, section: { a: { items: [fullItem({ id: 'c1' })] }, b: { items: [fullItem({ id: 'c1' })] } } })),
  badPack('duplicate check ids in one section', /section\.s\.items\[1\]\.id: duplicate check id "c1"/, () => rawConfig({ ...baseCfg, section: { s: { items: [fullItem({ id: 'c1' }), fullItem({ name: 'two', id: 'c1' })] } } })),
  badPack('id a number', /section\.s\.items\[0\]\.id: expected a string, found 3/, () => rawConfig(itemCfg(fullItem({ id: 3 })))),
  badPack('severity unknown', /severity: unknown severity "urgent"/, () => rawConfig(itemCfg(fullItem({ severity: 'urgent' })))),
  badPack('severity a number', /severity: expected a string, found 1/, () => rawConfig(itemCfg(fullItem({ severity: 1 })))),
  badPack('cis an object', /cis: expected a string, found \{"a":1\}/, () => rawConfig(itemCfg(fullItem({ cis: { a: 1 } })))),
  badPack('executors not an array', /executors: expected an array, found "q\.sql"/, () => rawConfig(itemCfg(fullItem({ executors: 'q.sql' })))),
  badPack('validators missing', /validators: expected an array, found undefined/, () => rawConfig(itemCfg(fullItem({ validators: undefined })))),
  badPack('validators empty', /validators: at least one validator is required/, () => rawConfig(itemCfg(fullItem({ validators: [] })))),
  badPack('an executor is a string', /executors\[0\]: expected an object, found "q\.sql"/, () => rawConfig(itemCfg(fullItem({ executors: ['q.sql'] })))),
  badPack('executor script a number', /executors\[0\]\.script: expected a file path, found 5/, () => rawConfig(itemCfg(fullItem({ executors: [{ script: 5 }] })))),
  badPack('executor script empty', /executors\[0\]\.script: expected a file path, found ""/, () => rawConfig(itemCfg(fullItem({ executors: [{ script: '' }] })))),
  badPack('executor of an unsupported type', /executors\[0\]\.script: unsupported file type "q\.py"/, () => rawConfig(itemCfg(fullItem({ executors: [{ script: 'q.py' }] })), { 'q.py': 'print(1)' })),
  badPack('validator that is SQL', /validators\[0\]\.script: unsupported file type "q\.sql"/, () => rawConfig(itemCfg(fullItem({ validators: [{ script: 'q.sql' }] })))),
  badPack('min_ver bad', /executors\[0\]\.min_ver: bad version "ten"/, () => rawConfig(itemCfg(fullItem({ executors: [{ script: 'q.sql', min_ver: 'ten' }] })))),
  badPack('max_ver four parts', /validators\[0\]\.max_ver: bad version "1\.2\.3\.4"/, () => rawConfig(itemCfg(fullItem({ validators: [{ script: 'v.lua', max_ver: '1.2.3.4' }] })))),
  badPack('min_ver a number', /min_ver: bad version 14/, () => rawConfig(itemCfg(fullItem({ executors: [{ script: 'q.sql', min_ver: 14 }] })))),
  // ---- run: script files ----
  badPack('issue 8: script path with ../ out of the pack', /executors\[0\]\.script: path "\.\.\/outside\.sql" leaves the pack directory/, (c) => {
    const cfg = pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: '../outside.sql' }], validators: [{ script: 'v.lua' }] }]) });
    writeFileSync(join(cfg, '..', '..', 'outside.sql'), 'SELECT 1');
    return cfg;
  }),
  badPack('script path with a/../../ out of the pack', /path "a\/\.\.\/\.\.\/x\.sql" leaves the pack directory/, () => pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'a/../../x.sql' }], validators: [{ script: 'v.lua' }] }]) })),
  badPack('issue 8: absolute script path', /executors\[0\]\.script: absolute path "\/etc\/passwd\.sql"/, () => pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: '/etc/passwd.sql' }], validators: [{ script: 'v.lua' }] }]) })),
  badPack('absolute validator path that exists', /validators\[0\]\.script: absolute path ".*\/v\.lua"/, (c) => {
    writeFileSync(join(c.dir, 'v.lua'), luaReturning('Success'));
    return pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'q.sql' }], validators: [{ script: join(c.dir, 'v.lua') }] }]) });
  }),
  badPack('issue 8: script symlinked to the shadow password file', /executors\[0\]\.script: path "q\.sql" is a symlink that leads outside the pack directory/, () => {
    const cfg = pack();
    const target = existsSync('/etc/shadow') ? '/etc/shadow' : '/etc/passwd';
    const link = join(cfg, '..', 'q.sql');
    spawnSync('rm', ['-f', link]);
    symlinkSync(target, link);
    return cfg;
  }),
  badPack('script inside a symlinked directory that leads out', /path "lnk\/q\.sql" is a symlink that leads outside the pack directory/, (c) => {
    writeFileSync(join(c.dir, 'q.sql'), 'SELECT 1');
    const cfg = pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'lnk/q.sql' }], validators: [{ script: 'v.lua' }] }]) });
    symlinkSync(c.dir, join(cfg, '..', 'lnk'));
    return cfg;
  }),
  badPack('issue 8: script path is a directory', /executors\[0\]\.script: q\.sql: is a directory, not a file/, () => {
    const cfg = pack();
    spawnSync('rm', ['-f', join(cfg, '..', 'q.sql')]);
    mkdirSync(join(cfg, '..', 'q.sql'));
    return cfg;
  }),
  badPack('script missing', /executors\[0\]\.script: file not found: gone\.sql/, () => pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'gone.sql' }], validators: [{ script: 'v.lua' }] }]) })),
  badPack('validator missing', /validators\[0\]\.script: file not found: gone\.lua/, () => pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'q.sql' }], validators: [{ script: 'gone.lua' }] }]) })),
  badPack('script not UTF-8', /executors\[0\]\.script: q\.sql: not valid UTF-8 text \(first bad byte at offset 7\)/, () => {
    const cfg = pack();
    writeFileSync(join(cfg, '..', 'q.sql'), Buffer.concat([Buffer.from('SELECT '), Buffer.from([0xc3, 0x28])]));
    return cfg;
  }),
  badPack('script of 5 MB', /q\.sql: file of 5242880 bytes exceeds the limit of 4194304 bytes/, () => {
    const cfg = pack();
    truncateSync(join(cfg, '..', 'q.sql'), 5 * 1024 * 1024);
    return cfg;
  }),
  badPack('script path with a NUL byte', /path "q\\u0000\.sql" contains a NUL byte/, () => pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'q\u0000.sql' }], validators: [{ script: 'v.lua' }] }]) })),
  badPack('validator that does not compile', /v\.lua/, () => pack({ 'v.lua': 'function validate_result( return end' })),
  badPack('validator without validate_result', /validate_result/, () => pack({ 'v.lua': 'function check() return {} end\n' })),
  // ---- run: localizations ----
  badPack('issue 8: .loc not UTF-8 (was mojibake)', /localizations\/ru\.loc: not valid UTF-8 text \(first bad byte at offset 5\)/, () => {
    const cfg = pack();
    mkdirSync(join(cfg, '..', 'localizations'));
    writeFileSync(join(cfg, '..', 'localizations', 'ru.loc'), Buffer.concat([Buffer.from('one,"'), Buffer.from([0xcf, 0xf0, 0xe8]), Buffer.from('"\n')]));
    return cfg;
  }),
  badPack('issue 8: .loc that is a directory', /localizations\/en\.loc: is a directory, not a file/, () => {
    const cfg = pack();
    mkdirSync(join(cfg, '..', 'localizations', 'en.loc'), { recursive: true });
    return cfg;
  }),
  badPack('.loc line without quotes', /localizations\/en\.loc:2: expected id,"message"/, () => pack({ 'localizations/en.loc': 'a,"fine"\nb,not quoted\n' })),
  badPack('.loc symlinked out of the pack', /localizations\/en\.loc.*symlink that leads outside the pack directory/, () => {
    const cfg = pack({ 'localizations/ru.loc': 'a,"b"\n' });
    symlinkSync(existsSync('/etc/shadow') ? '/etc/shadow' : '/etc/passwd', join(cfg, '..', 'localizations', 'en.loc'));
    return cfg;
  }),
  badPack('localizations is a file', /localizations: is not a directory/, () => pack({ localizations: 'not a directory' })),
  badPack('.loc of 5 MB', /localizations\/en\.loc: file of 5242880 bytes exceeds the limit/, () => {
    const cfg = pack({ 'localizations/en.loc': '' });
    truncateSync(join(cfg, '..', 'localizations', 'en.loc'), 5 * 1024 * 1024);
    return cfg;
  }),
  // ---- pack command ----
  { name: 'pack without --out or --upload', cmd: 'pack', stderr: /pack: give --out FILE or --upload NAME/, args: () => ['--config', pack()] },
  { name: 'issue 8: pack --upload builtin', cmd: 'pack', stderr: /--upload builtin: the built-in pack .* cannot be replaced/, args: (c) => ['--config', pack(), '--upload', 'builtin', ...c.conn] },
  { name: 'pack --upload empty', cmd: 'pack', stderr: /--upload: empty value ""/, args: (c) => ['--config', pack(), '--upload', '', ...c.conn] },
  { name: 'pack --upload with a bad name', cmd: 'pack', stderr: /--upload: not a pack name: "my pack!"/, args: (c) => ['--config', pack(), '--upload', 'my pack!', ...c.conn] },
  { name: 'pack --out empty', cmd: 'pack', stderr: /--out: empty value ""/, args: () => ['--config', pack(), '--out', ''] },
  { name: 'issue 8: pack --out unwritable', cmd: 'pack', stderr: /--out: cannot write .*locked\/pack\.json: directory .*locked is not writable/, args: (c) => ['--config', pack(), '--out', join(lockDir(join(c.dir, 'locked')), 'pack.json')] },
  { name: 'pack --out is a directory', cmd: 'pack', stderr: /--out: cannot write .*: it is a directory/, args: (c) => ['--config', pack(), '--out', c.dir] },
  { name: 'pack --out below a regular file', cmd: 'pack', stderr: /--out: .*plain\.txt is a file, not a directory/, args: (c) => { writeFileSync(join(c.dir, 'plain.txt'), 'x'); return ['--config', pack(), '--out', join(c.dir, 'plain.txt', 'p.json')]; } },
  { name: 'pack --out under /proc', cmd: 'pack', stderr: /--out: .*proc pseudo filesystem/, args: () => ['--config', pack(), '--out', '/proc/self/pack.json'] },
  { name: 'pack --out with a script escaping the pack', cmd: 'pack', stderr: /absolute path "\/etc\/passwd\.sql"/, args: (c) => ['--config', pack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: '/etc/passwd.sql' }], validators: [{ script: 'v.lua' }] }]) }), '--out', join(c.dir, 'p.json')] },
  { name: 'pack --upload of an invalid pack', cmd: 'pack', stderr: /config\.json: invalid JSON/, args: (c) => ['--config', rawConfig('{'), '--upload', 'robust_x', ...c.conn] },
  { name: 'issue 8: pack --upload without rights', cmd: 'pack', stderr: /--upload robust_x: permission denied .*only the extension owner loads packs/, args: (c) => ['--config', pack(), '--upload', 'robust_x', ...connArgs(pg, 'robust_plain')] },
  { name: 'pack --upload to a database without the extension', cmd: 'pack', stderr: /--upload robust_x: .*is the sec_check extension installed in this database\?/, args: () => ['--config', pack(), '--upload', 'robust_x', '--host', pg.socketDir, '--port', String(pg.port), '--user', 'postgres', '--database', 'robust_noext'] },
  { name: 'pack repeated --upload', cmd: 'pack', stderr: /--upload given more than once/, args: (c) => ['--config', pack(), '--upload', 'a', '--upload', 'b', ...c.conn] },
  { name: 'pack unknown option', cmd: 'pack', stderr: /Unknown option '--force'/, args: () => ['--config', pack(), '--force'] },
  // ---- report command ----
  { name: 'report without --run and nothing stored (the current state)', cmd: 'report', stderr: /there are no stored verdicts for database postgres/, args: (c) => [...c.conn, '--output', c.out] },
  { name: 'report --run empty', cmd: 'report', stderr: /invalid --run value ""/, args: (c) => [...c.conn, '--run', '', '--output', c.out] },
  { name: 'report --run abc', cmd: 'report', stderr: /invalid --run value "abc"/, args: (c) => [...c.conn, '--run', 'abc', '--output', c.out] },
  { name: 'report --run 0', cmd: 'report', stderr: /invalid --run value "0"/, args: (c) => [...c.conn, '--run', '0', '--output', c.out] },
  { name: 'report --run -1', cmd: 'report', stderr: /--run.*ambiguous|invalid --run value "-1"/, args: (c) => [...c.conn, '--run', '-1', '--output', c.out] },
  { name: 'report --run of a missing run', cmd: 'report', stderr: /run 987654321 not found in sec_check\.runs/, args: (c) => [...c.conn, '--run', '987654321', '--output', c.out] },
  { name: 'issue 8: report without the extension', cmd: 'report', stderr: /cannot read the latest run: .*is the sec_check extension installed in this database\?/, args: (c) => ['--host', pg.socketDir, '--port', String(pg.port), '--user', 'postgres', '--database', 'robust_noext', '--run', 'latest', '--output', c.out] },
  { name: 'issue 8: report without grants', cmd: 'report', stderr: /cannot read the latest run: permission denied .* the role lacks the grants/, args: (c) => [...connArgs(pg, 'robust_plain'), '--run', 'latest', '--output', c.out] },
  { name: 'the current state without the extension', cmd: 'report', stderr: /sec_check is not installed in database robust_noext \(CREATE EXTENSION sec_check\)/, args: (c) => ['--host', pg.socketDir, '--port', String(pg.port), '--user', 'postgres', '--database', 'robust_noext', '--output', c.out] },
  { name: 'the current state without grants', cmd: 'report', stderr: /cannot read the current state: permission denied .* the role lacks the grants/, args: (c) => [...connArgs(pg, 'robust_plain'), '--output', c.out] },
  { name: 'report --output empty', cmd: 'report', stderr: /--output: empty value ""/, args: (c) => [...c.conn, '--run', 'latest', '--output', ''] },
  { name: 'report --output below a regular file', cmd: 'report', stderr: /plain\.txt is a file, not a directory/, args: (c) => { writeFileSync(join(c.dir, 'plain.txt'), 'x'); return [...c.conn, '--run', 'latest', '--output', join(c.dir, 'plain.txt', 'r')]; } },
  { name: 'report --output under /proc', cmd: 'report', stderr: /proc pseudo filesystem/, args: (c) => [...c.conn, '--run', 'latest', '--output', '/proc/self/r'] },
  { name: 'report --locale ../x', cmd: 'report', stderr: /--locale: not a language code: "\.\.\/x"/, args: (c) => [...c.conn, '--run', 'latest', '--locale', '../x', '--output', c.out] },
  { name: 'report --format Pdf', cmd: 'report', stderr: /unknown report format "Pdf"/, args: (c) => [...c.conn, '--run', 'latest', '--format', 'Pdf', '--output', c.out] },
  { name: 'report repeated --run', cmd: 'report', stderr: /--run given more than once/, args: (c) => [...c.conn, '--run', 'latest', '--run', '1', '--output', c.out] },
  { name: 'report --port bad', cmd: 'report', stderr: /--port: not a port number: "x"/, args: (c) => ['--port', 'x', '--run', 'latest', '--output', c.out] },
  // ---- agent command (issue 15) ----
  { name: 'agent without --once or --every', cmd: 'agent', stderr: /say how often: --once or --every DURATION/, args: (c) => [...c.conn] },
  { name: 'agent --once and --every', cmd: 'agent', stderr: /--once and --every: choose one/, args: (c) => [...c.conn, '--once', '--every', '1h'] },
  { name: 'agent --every 5x', cmd: 'agent', stderr: /--every: not a duration: "5x"/, args: (c) => [...c.conn, '--every', '5x'] },
  { name: 'agent --every below a second', cmd: 'agent', stderr: /--every: "500ms" is shorter than 1s/, args: (c) => [...c.conn, '--every', '500ms'] },
  { name: 'agent --spool that is not JSON', cmd: 'agent', stderr: /--spool .*spool\.json: cannot read the pending posts/, args: (c) => { writeFileSync(join(c.dir, 'spool.json'), '{'); return [...c.conn, '--once', '--spool', join(c.dir, 'spool.json')]; } },
  { name: 'agent --spool of the wrong shape', cmd: 'agent', stderr: /--spool .*: cannot read the pending posts \(item 1: expected \{cycle, report\}\)/, args: (c) => { writeFileSync(join(c.dir, 'spool.json'), '[1]'); return [...c.conn, '--once', '--spool', join(c.dir, 'spool.json')]; } },
  { name: 'agent --config missing', cmd: 'agent', stderr: /none\.json: file not found/, args: (c) => [...c.conn, '--once', '--config', join(c.dir, 'none.json')] },
  { name: 'agent --locale ../x', cmd: 'agent', stderr: /--locale: not a language code: "\.\.\/x"/, args: (c) => [...c.conn, '--once', '--locale', '../x'] },
  { name: 'agent unknown option', cmd: 'agent', stderr: /Unknown option '--force'/, args: (c) => [...c.conn, '--once', '--force'] },
  // ---- listen command (issues 9 and 10) ----
  { name: 'listen --channel with a hyphen', cmd: 'listen', stderr: /--channel: not a channel name: "bad-name"/, args: (c) => [...c.conn, '--channel', 'bad-name'] },
  { name: 'listen --exec empty', cmd: 'listen', stderr: /--exec: empty command/, args: (c) => [...c.conn, '--exec', ''] },
  { name: 'listen --heads on a channel without a chain', cmd: 'listen', stderr: /--heads: channel sec_check has no hash chain to keep/, args: (c) => [...c.conn, '--heads', join(c.dir, 'heads.json')] },
  { name: 'listen --heads of another shape', cmd: 'listen', stderr: /--heads .*heads\.json: field channel\/last_key does not match channel sec_check_ddl/, args: (c) => { writeFileSync(join(c.dir, 'heads.json'), '[1]'); return [...c.conn, '--channel', 'sec_check_ddl', '--heads', join(c.dir, 'heads.json')]; } },
  { name: 'listen --from-id x', cmd: 'listen', stderr: /--from-id: not a row id: "x"/, args: (c) => [...c.conn, '--channel', 'sec_check_ddl', '--from-id', 'x'] },
  // ---- ddl command (issue 10) ----
  { name: 'ddl --since that is not a time', cmd: 'ddl', stderr: /--since: not a date\/time: "yesterday-ish"/, args: (c) => [...c.conn, '--since', 'yesterday-ish'] },
  { name: 'ddl --format pdf', cmd: 'ddl', stderr: /--format: json or html, not "pdf"/, args: (c) => [...c.conn, '--format', 'pdf'] },
  { name: 'ddl --limit 0', cmd: 'ddl', stderr: /--limit: not a positive number: "0"/, args: (c) => [...c.conn, '--limit', '0'] },
  { name: 'ddl --output below a regular file', cmd: 'ddl', stderr: /plain\.txt is a file, not a directory/, args: (c) => { writeFileSync(join(c.dir, 'plain.txt'), 'x'); return [...c.conn, '--output', join(c.dir, 'plain.txt', 'trail.html')]; } },
  { name: 'ddl --output under /proc', cmd: 'ddl', stderr: /proc pseudo filesystem/, args: (c) => [...c.conn, '--output', '/proc/self/trail.json'] },
  { name: 'ddl without the extension', cmd: 'ddl', stderr: /the sec_check DDL trail is not installed in this database/, args: () => ['--host', pg.socketDir, '--port', String(pg.port), '--user', 'postgres', '--database', 'robust_noext'] },
  // ---- the command itself ----
  { name: 'unknown command', cmd: '', stderr: /unknown command "audit"/, args: () => ['audit'] },
  { name: 'ddl --since of an unknown unit', cmd: 'ddl', stderr: /--since: not a date\/time: "5 fortnights"/, args: (c) => [...c.conn, '--since', '5 fortnights'] },
  { name: 'fleet --format Sarif', cmd: '', stderr: /--format: unknown fleet format "Sarif": expected Json, Html or Full/, args: (c) => ['fleet', '--inventory', join(c.dir, 'inv.toml'), '--format', 'Sarif'] },
  { name: 'listen --notify with a plain-text SMTP server elsewhere', cmd: 'listen', stderr: /n\.toml: email\.security: "none" sends mail in clear: only to an SMTP server on this host/, args: (c) => { writeFileSync(join(c.dir, 'n.toml'), '[email]\nsmtp_host = "mail.example.com"\nsecurity = "none"\nfrom = "a@b.c"\nto = ["d@e.f"]\n'); return [...c.conn, '--notify', join(c.dir, 'n.toml')]; } },
  { name: 'listen --notify with an inline password', cmd: 'listen', stderr: /n\.toml: email\.password: write the secret into a file/, args: (c) => { writeFileSync(join(c.dir, 'n.toml'), '[email]\nsmtp_host = "localhost"\nusername = "u"\npassword = "p"\nfrom = "a@b.c"\nto = ["d@e.f"]\n'); return [...c.conn, '--notify', join(c.dir, 'n.toml')]; } },
  { name: 'listen --notify with a plain http webhook elsewhere', cmd: 'listen', stderr: /n\.toml: webhook\.url: plain http to "hooks\.example\.com" sends events in clear/, args: (c) => { writeFileSync(join(c.dir, 'n.toml'), '[webhook]\nurl = "http://hooks.example.com/x"\n'); return [...c.conn, '--notify', join(c.dir, 'n.toml')]; } },
  { name: 'listen --notify without a sink', cmd: 'listen', stderr: /n\.toml: neither \[email\] nor \[webhook\]/, args: (c) => { writeFileSync(join(c.dir, 'n.toml'), '[delivery]\nmax_backoff = "1m"\n'); return [...c.conn, '--notify', join(c.dir, 'n.toml')]; } },
  { name: 'listen --notify with a bad address', cmd: 'listen', stderr: /n\.toml: email\.to\[0\]: not an e-mail address: "dba team"/, args: (c) => { writeFileSync(join(c.dir, 'n.toml'), '[email]\nsmtp_host = "localhost"\nfrom = "a@b.c"\nto = ["dba team"]\n'); return [...c.conn, '--notify', join(c.dir, 'n.toml')]; } },
  { name: 'listen --state-dir without --notify', cmd: 'listen', stderr: /--state-dir: only with --notify FILE/, args: (c) => [...c.conn, '--state-dir', c.dir] },
];

function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(join(rel, e.name));
      if (e.isDirectory() && !e.isSymbolicLink()) walk(join(d, e.name), join(rel, e.name));
    }
  };
  walk(dir, '');
  return out.sort();
}

function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000); // a hang is a failure, not a stuck suite
    child.on('error', fail);
    child.on('close', (code, signal) => { clearTimeout(timer); done({ code: signal ? -1 : code ?? -1, stdout, stderr }); });
  });
}

const counts = async () => (await pg.query(`SELECT (SELECT count(*) FROM sec_check.runs) AS runs, (SELECT count(*) FROM sec_check.packs) AS packs`))[0];

test(`the table holds at least 100 bad inputs, the 24 of issue 8 among them`, () => {
  assert.ok(cases.length >= 100, `${cases.length} cases`);
  assert.ok(cases.filter((c) => c.name.startsWith('issue 8')).length >= 20);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique');
});

for (const c of cases) {
  test(c.name, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sec-check-bad-'));
    const ctx: Ctx = { dir, out: join(dir, 'out'), conn: connArgs(pg) };
    let args = c.args(ctx);
    if (c.cmd === 'run') {
      const has = (o: string) => args.some((a) => a === o || a.startsWith(`${o}=`));
      if (!has('--output')) args = [...args, '--output', ctx.out];
      // a case with its own connection string (-d / --dbname) gets no connection flags
      if (!has('--host') && !has('--port') && !has('-d') && !has('--dbname')) args = [...args, ...ctx.conn];
      args = [...args, '--store']; // a case that slipped through would leave a run row
      if (c.name === 'repeated --host') args = [...args, '--host', pg.socketDir];
    }
    const full = c.cmd ? [c.cmd, ...args] : args;
    const treeBefore = listTree(dir);
    const before = await counts();
    const res = await runCli(full, dir);
    const line = res.stderr.trimEnd();
    assert.equal(res.code, 2, `exit code; stderr: ${res.stderr}; stdout: ${res.stdout}`);
    assert.doesNotMatch(line, /\n/, `one line on stderr, got:\n${res.stderr}`);
    assert.doesNotMatch(line, /\bat .*:\d+:\d+\)?$|Error: .*\n\s+at /m, 'no stack trace');
    assert.match(line, c.stderr);
    assert.doesNotMatch(res.stdout, /wrote |uploaded pack|^pack /m, 'nothing reported as written');
    assert.deepEqual(listTree(dir), treeBefore, 'no file written');
    assert.deepEqual(await counts(), before, 'nothing stored (runs, packs)');
  });
}

test('issue 8: --store, then the output fails: the message names the stored run, no file is left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sec-check-bad-'));
  const outDir = join(dir, 'reports');
  mkdirSync(outDir);
  locked.push(outDir); // the shell check below locks it while the audit runs
  // A host check that takes the output directory away after the pre-flight check passed.
  const lock = isRoot ? 'chattr +i "$ROBUST_OUT_DIR"' : 'chmod 555 "$ROBUST_OUT_DIR"';
  const config = writePack({
    'config.json': configOf('s', [okItem(), { name: 'locker', executors: [{ script: 'lock.sh' }], validators: [{ script: 'v.lua' }] }]),
    ...goodFiles, 'lock.sh': `${lock}\necho locked\n`,
  });
  // an agent posts only checks of a stored pack: upload it first
  const up = await runCli(['pack', ...connArgs(pg), '--config', config, '--upload', 'locker'], dir);
  assert.equal(up.code, 0, up.stderr);
  const before = await counts();
  const res = await runCli(['run', ...connArgs(pg), '--config', config, '--format', 'Full', '--output', join(outDir, 'audit'), '--store', '--fail-on', 'never'], dir, { ROBUST_OUT_DIR: outDir });
  assert.equal(res.code, 2, res.stderr);
  const line = res.stderr.trimEnd();
  assert.doesNotMatch(line, /\n/);
  const m = /run (\d+) was stored, but the report files were not written: --output: cannot write .*audit\.json/.exec(line);
  assert.ok(m, line);
  const [{ id }] = await pg.query('SELECT max(id) AS id FROM sec_check.runs');
  assert.equal(m![1], String(id));
  assert.equal(Number((await counts()).runs), Number(before.runs) + 1);
  assert.deepEqual(readdirSync(outDir), [], 'no report file and no temporary file left');
});
