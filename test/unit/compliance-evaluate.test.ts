// The control verdict rules (docs/verdicts.md, "Compliance controls") on a table of cases, the
// framework score, attestations (manual controls only, in force, for the right database) and
// waivers (a fail stays a fail, marked) — without a server; the SQL twin is
// test/integration/compliance-twin.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controlStatus, evaluateFramework, type ResultLike } from '../../src/core/compliance/evaluate.ts';
import { checkFramework, type Control, type Framework } from '../../src/core/compliance/framework.ts';
import type { Status } from '../../src/core/vocabulary.ts';

const auto: Control = { id: 'A', title: 'a', checks: ['x', 'y'] };
const reviewable: Control = { id: 'R', title: 'r', checks: ['x'], manual: 'attach this' };
const manualOnly: Control = { id: 'M', title: 'm', checks: [], manual: 'attach that' };
const v = (status: Status | null, skip_reason: string | null = null, waived = false) => ({ status, skip_reason, waived });

test('control verdicts: fail beats could-not-verify beats not-applicable beats manual beats pass', () => {
  const cases: [string, Control, ReturnType<typeof v>[], boolean, string, boolean?][] = [
    ['all Success', auto, [v('Success'), v('Success')], false, 'pass'],
    ['one Warning', auto, [v('Success'), v('Warning')], false, 'fail'],
    ['Error and Failed: fail wins', auto, [v('Failed', 'insufficient_privilege'), v('Error')], false, 'fail'],
    ['Failed is never a pass', auto, [v('Success'), v('Failed')], false, 'could_not_verify'],
    ['no verdict is never a pass', auto, [v('Success'), v(null)], false, 'could_not_verify'],
    ['host agent required', auto, [v('Success'), v('Skipped', 'host_agent_required')], false, 'could_not_verify'],
    ['deadline', auto, [v('Skipped', 'deadline'), v('Success')], false, 'could_not_verify'],
    ['version and managed: not applicable', auto, [v('Skipped', 'version'), v('Skipped', 'not_applicable_managed')], false, 'not_applicable'],
    ['one not applicable, one pass', auto, [v('Skipped', 'version'), v('Success')], false, 'pass'],
    ['Info: a person must review', auto, [v('Info'), v('Success')], false, 'manual'],
    ['Info on a control without evidence text: attestation does not apply', auto, [v('Info'), v('Success')], true, 'manual'],
    ['Info on an attestable control, attested', reviewable, [v('Info')], true, 'attested'],
    ['attested never beats a fail', reviewable, [v('Warning')], true, 'fail'],
    ['attested never beats a pass either', reviewable, [v('Success')], true, 'pass'],
    ['manual control', manualOnly, [], false, 'manual'],
    ['manual control, attested', manualOnly, [], true, 'attested'],
    ['waived fail stays a fail, marked', auto, [v('Warning', null, true), v('Error', null, true)], false, 'fail', true],
    ['partly waived fail is not marked', auto, [v('Warning', null, true), v('Error')], false, 'fail', false],
  ];
  for (const [what, control, verdicts, attested, status, waived] of cases) {
    const got = controlStatus(control, verdicts, attested);
    assert.equal(got.status, status, what);
    assert.equal(got.waived, waived ?? false, `${what}: waived`);
  }
});

test('a framework over a report: counts, score, evidence, attestations in force for the database', () => {
  const fw: Framework = { id: 'demo', title: 'Demo', version: '1', publisher: 'us', controls: [auto, reviewable, manualOnly, { id: 'F', title: 'f', checks: ['z'] }] };
  const results: ResultLike[] = [
    { check_id: 'x', status: 'Info', skip_reason: null, short_description: '<b>review</b> me' },
    { check_id: 'y', status: 'Success', skip_reason: null, short_description: 'ok' },
    { check_id: 'z', status: 'Error', skip_reason: null, short_description: 'bad' },
  ];
  const now = new Date('2026-06-01T00:00:00Z');
  const att = (control_id: string, scope: string | null, expires_at: string, by = 'Alice') =>
    ({ framework: 'demo', control_id, scope, attested_by: by, note: 'checked', expires_at });
  const s = evaluateFramework(fw, results, {
    scope: 'app', now, isWaived: (r) => r.check_id === 'z',
    attestations: [att('M', null, '2026-07-01T00:00:00Z'), att('M', 'app', '2026-06-15T00:00:00Z', 'Bob'),
      att('R', 'other_db', '2027-01-01T00:00:00Z'), att('R', null, '2026-05-31T00:00:00Z')],
  });
  assert.deepEqual(s.controls.map((c) => [c.id, c.status]), [['A', 'manual'], ['R', 'manual'], ['M', 'attested'], ['F', 'fail']]);
  assert.equal(s.controls[2].attestation!.attested_by, 'Bob', 'the attestation for this database wins over the one for all');
  assert.equal(s.controls[1].attestation, null, 'another database\'s and an expired attestation do not apply');
  assert.equal(s.controls[3].waived, true);
  assert.deepEqual(s.controls[0].checks[0], { check_id: 'x', status: 'Info', skip_reason: null, short_description: '<b>review</b> me', waived: false });
  assert.deepEqual(s.counts, { pass: 0, fail: 1, could_not_verify: 0, manual: 2, attested: 1, not_applicable: 0 });
  assert.deepEqual(s.score, { passed: 0, judged: 1, percent: 0 });
  const none = evaluateFramework({ ...fw, controls: [manualOnly] }, [], { scope: 'app', now });
  assert.deepEqual(none.score, { passed: 0, judged: 0, percent: null });
});

test('the framework validator names the field and the value', () => {
  const known = [{ id: 'x', cis: null }, { id: 'y', cis: '1.1' }];
  const bad = (raw: unknown) => checkFramework(raw, 'f.json', known).problems;
  assert.deepEqual(bad([]), ['f.json: expected a framework object, found []']);
  const base = { id: 'ok', title: 't', version: '1', publisher: 'p', controls: [{ id: '1', title: 't', checks: ['x'] }] };
  assert.deepEqual(bad(base), []);
  assert.deepEqual(bad({ ...base, id: 'Not OK' }), ['f.json: id: expected a framework id (lower-case letters, digits and -), found "Not OK"']);
  assert.deepEqual(bad({ ...base, controls: [{ id: '1', title: 't', checks: ['x', 'x'] }] }), ['f.json: controls[0].checks[1]: check "x" listed twice']);
  assert.deepEqual(bad({ ...base, controls: [{ id: '1', title: 'line\nbreak', checks: ['x'] }] }),
    ['f.json: controls[0].title: expected a non-empty single line of at most 200 characters, found "line\\nbreak"']);
  assert.deepEqual(bad({ ...base, check_field: 'cis' }), ['f.json: controls: check "y" names control "1.1" (its cis field), which this framework does not list']);
  assert.deepEqual(bad({ ...base, controls: [] }), ['f.json: controls: expected a non-empty array of controls, found []']);
});
