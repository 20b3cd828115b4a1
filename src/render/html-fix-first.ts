// The "Fix these first" block at the top of the HTML report: the results that ask for action
// (Error, Failed, Warning) and are not waived, highest priority first (src/core/priority.ts:
// status x severity, one step more when the evidence shows remote exposure), each linking to
// its row in the checks table. Static HTML, so it reads without the page script and prints.
import type { CheckResult } from '../core/report.ts';
import { byPriority, exposureOf, isActionable, resultPriority } from '../core/priority.ts';
import { SEVERITIES } from '../core/vocabulary.ts';
import { escapeHtml as h } from './escape.ts';
import { summaryText } from './shared.ts';
import { fill, type UiStrings } from './ui-strings.ts';

/** How many results the block lists; the rest are counted and are first in the table. */
export const FIX_FIRST_LIMIT = 10;

/** The id of a result's row in the checks table: its 1-based position in the report. */
export const rowId = (index: number): string => `check-${index + 1}`;

/** The priority a result is sorted by: its own, or 0 while a waiver covers it. */
export function effectivePriority(r: CheckResult): number {
  return r.waiver ? 0 : (r.priority ?? resultPriority(r));
}

/** The actionable, unwaived results in fix-first order, with their positions in the report. */
export function fixFirst(results: readonly CheckResult[]): { r: CheckResult; index: number }[] {
  return results
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => isActionable(r) && !r.waiver)
    .sort((a, b) => byPriority(a.r, b.r) || a.index - b.index);
}

export function renderFixFirst(results: readonly CheckResult[], headers: Map<string, string>, ui: UiStrings): string {
  const all = fixFirst(results);
  const waived = results.filter((r) => r.waiver).length;
  const shown = all.slice(0, FIX_FIRST_LIMIT);
  let body: string;
  if (!all.length) {
    body = `<p class="fix-none">${h(ui.fix_first_none)}</p>`;
  } else {
    const items = shown.map(({ r, index }) => {
      const sev = r.severity && (SEVERITIES as readonly string[]).includes(r.severity) ? r.severity : 'none';
      const remote = exposureOf(r.executors) === 'remote' ? ` <span class="tag remote">${h(ui.exposure_remote)}</span>` : '';
      return (
        `<li><span class="prio" title="${h(ui.col_priority)}">${h(r.priority ?? resultPriority(r))}</span>` +
        `<div class="fix-main"><div class="fix-head"><span class="badge st-${h(r.status)}">${h(ui[`status_${r.status}`])}</span> ` +
        `<span class="sev sev-${sev}">${h(ui[`severity_${sev}`])}</span> ` +
        `<a href="#${rowId(index)}">${h(r.name)}</a> <span class="grp">${h(headers.get(r.section) ?? r.section)}</span>${remote}</div>` +
        `<div class="fix-sum">${h(summaryText(r))}</div></div></li>`
      );
    });
    const more = all.length > shown.length ? `<p class="note">${h(fill(ui.fix_first_more, { n: all.length - shown.length }))}</p>` : '';
    body = `<ol class="fix-list">${items.join('')}</ol>${more}`;
  }
  const waivedNote = waived ? `<p class="note">${h(fill(ui.fix_first_waived, { n: waived }))}</p>` : '';
  return `<section id="fix-first" class="fix-first"><h2>${h(ui.fix_first)}</h2>${body}${waivedNote}</section>\n`;
}
