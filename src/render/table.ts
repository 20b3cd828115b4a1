// The one text-table renderer of the CLI (hba, pii, fleet, the run summary's checks): a header
// row, columns aligned by their display width (wide East Asian characters count two, combining
// marks none), left-aligned text and right-aligned numbers, two spaces between columns, the last
// column not padded. Cells are server data: control characters (and the line and paragraph
// separators) are shown as \xNN, so nothing in a cell can move the cursor or break a row.
export interface Column {
  header: string;
  /** right-align (numbers) */
  right?: boolean;
  /** cut longer cells to this display width, ending in … */
  max?: number;
}

/** Control characters shown escaped (a role name with an ANSI escape stays visible text). */
export function printableCell(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO = /[\p{Mn}\p{Me}\u200b-\u200f\ufeff]/u;

/** Columns a string takes on a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

function cut(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** The rows as an aligned table with a header line; `indent` before every line. Ends with a newline. */
export function renderTable(columns: Column[], rows: (string | number | null | undefined)[][], indent = ''): string {
  const cells = rows.map((row) => columns.map((c, i) => {
    const text = printableCell(row[i] === null || row[i] === undefined ? '' : String(row[i]));
    return c.max ? cut(text, c.max) : text;
  }));
  const head = columns.map((c) => printableCell(c.header));
  const widths = columns.map((_, i) => Math.max(displayWidth(head[i]), ...cells.map((r) => displayWidth(r[i]))));
  const line = (r: string[]) => indent + r.map((c, i) => (i === r.length - 1 && !columns[i].right ? c : pad(c, widths[i], columns[i].right ?? false))).join('  ').trimEnd();
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}
