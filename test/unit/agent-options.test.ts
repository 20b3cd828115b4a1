// sec-check agent without a server: --every durations, the host-check filter of a pack, and
// the systemd unit's quoting (a path with spaces or $ must reach ExecStart unchanged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../src/cli/args.ts';
import { hostChecksOnly } from '../../src/agent/agent.ts';
import { printSystemd } from '../../src/agent/systemd.ts';
import type { CompiledPack } from '../../src/core/pack.ts';

test('--every: seconds, minutes, hours, days; under 1s and words are usage errors', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('1d'), 86_400_000);
  assert.equal(parseDuration('90'), 90_000);
  assert.throws(() => parseDuration('500ms'), /shorter than 1s/);
  assert.throws(() => parseDuration('hourly'), /--every: not a duration: "hourly"/);
  assert.throws(() => parseDuration('-5s'), /not a duration/);
});

test('the agent keeps only checks with a shell executor, and drops sections left empty', () => {
  const ref = (kind: 'sql' | 'shell' | 'lua') => ({ script: `x.${kind}`, min: null, max: null, kind });
  const item = (name: string, kinds: ('sql' | 'shell')[]) => ({ name, description: '', id: name, severity: null, cis: null, executors: kinds.map(ref), validators: [ref('lua')] });
  const pack = {
    header: '', reportName: '', description: '', files: {}, locales: new Map(),
    sections: [
      { key: 'a', header: '', description: '', items: [item('sql_only', ['sql']), item('both', ['sql', 'shell']), item('shell', ['shell'])] },
      { key: 'b', header: '', description: '', items: [item('sql2', ['sql'])] },
    ],
  } as CompiledPack;
  const host = hostChecksOnly(pack);
  assert.deepEqual(host.sections.map((s) => [s.key, s.items.map((i) => i.name)]), [['a', ['both', 'shell']]]);
});

test('systemd: arguments with spaces, quotes and $ are quoted for ExecStart; no line breaks get in', () => {
  const unit = printSystemd({ every: '1h', configPath: '/opt/my packs/$x"y.json', connection: { user: 'sec_agent' }, osUser: 'postgres', pgdata: '/pg', credential: '/etc/sec-check/pgpass' });
  assert.match(unit, /--config "\/opt\/my packs\/\$\$x\\"y\.json"/);
  assert.throws(() => printSystemd({ every: undefined, configPath: null, connection: {}, osUser: 'postgres', pgdata: '/pg\nExecStartPre=/bin/evil', credential: '/c' }), /line break/);
});
