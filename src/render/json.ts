// JSON renderer: the report document itself, pretty-printed with a trailing newline.
// Key order is the order of the input object (hosts build it in contract order), so the
// same report always gives the same bytes.
import type { Report } from '../core/report.ts';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
