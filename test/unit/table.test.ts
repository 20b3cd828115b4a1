// The one text-table renderer: header row, columns aligned by display width, numbers right,
// hostile cells escaped, long cells cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, renderTable } from '../../src/render/table.ts';

test('a header, aligned columns, right-aligned numbers, the last column unpadded', () => {
  const text = renderTable([{ header: 'ROLE' }, { header: 'N', right: true }, { header: 'NOTE' }], [['alice', 3, 'ok'], ['bob', 120, null]]);
  assert.equal(text, 'ROLE     N  NOTE\nalice    3  ok\nbob    120\n');
});

test('display width: wide characters count two, combining marks none; Cyrillic one', () => {
  assert.equal(displayWidth('日本'), 4);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('роль'), 4);
  const text = renderTable([{ header: 'NAME' }, { header: 'X' }], [['日本', 'a'], ['роль', 'b']]);
  assert.deepEqual(text.split('\n').slice(0, 3), ['NAME  X', '日本  a', 'роль  b']);
});

test('control characters in cells are shown escaped; long cells are cut with …', () => {
  const text = renderTable([{ header: 'A', max: 8 }, { header: 'B' }], [['\u001b[31mred', 'x\ny'], ['abcdefghijkl', '\u2028']]);
  assert.doesNotMatch(text, /\u001b|\u2028/);
  assert.match(text, /\\x1b\[31… {2}x\\x0ay/);
  assert.match(text, /abcdefg… {2}\\x2028/);
  assert.equal(text.split('\n').length, 4, 'one line per row');
});
