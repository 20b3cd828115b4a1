// The test network namespaces (netns.ts): what a test creates is gone afterwards, and what a
// killed test process left behind is swept by the next one. Needs root, as the tests using it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createNetns } from './netns.ts';

const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
const links = () => execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' });

test('a namespace and its veth pair exist while in use and are removed by close()', () => {
  const ns = createNetns({ v4: 1, v6: 1 });
  try {
    assert.match(namespaces(), new RegExp(`^${ns.name}\\b`, 'm'));
    assert.match(execFileSync('ip', ['netns', 'exec', ns.name, 'ip', '-o', 'addr'], { encoding: 'utf8' }), new RegExp(ns.clientV4[0].replace(/\./g, '\\.')));
    assert.match(links(), new RegExp(ns.name.replace('sct', 'sch')));
  } finally { ns.close(); }
  assert.doesNotMatch(namespaces(), new RegExp(`^${ns.name}\\b`, 'm'));
  assert.doesNotMatch(links(), new RegExp(`${ns.name.replace('sct', 'sch')}\\b`));
  ns.close(); // twice is harmless
});

test('a namespace left by a process that is gone is swept when the next one is made', () => {
  let dead = 4_000_000;
  for (;; dead--) { try { process.kill(dead, 0); } catch { break; } }
  const stale = `sct${dead}x0`;
  execFileSync('ip', ['netns', 'add', stale]);
  try {
    const ns = createNetns({ v4: 1, v6: 0 });
    ns.close();
    assert.doesNotMatch(namespaces(), new RegExp(`^${stale}\\b`, 'm'));
  } finally {
    try { execFileSync('ip', ['netns', 'del', stale], { stdio: 'ignore' }); } catch { /* swept */ }
  }
});
