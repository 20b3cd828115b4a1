// The PII section of the HTML report, and the standalone page of `sec-check pii --html` (the
// section in the page shell). Static markup only (no script); every value (schema, table and
// column names come from the scanned database and can be hostile) passes through escapeHtml.
import type { PiiScanDocument } from '../core/pii/scan.ts';
import { PII_CATEGORIES } from '../core/pii/rules.ts';
import piiRules from '../core/pii/rules.generated.json';
import { escapeHtml as h } from './escape.ts';
import { renderPage } from './page.ts';
import { fill, pageLocale, pageStrings } from './ui-strings.ts';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

function ruleTitle(ruleId: string, locale: 'en' | 'ru'): string {
  const rule = (piiRules.rules as { id: string; messages: Record<string, { title: string }> }[]).find((r) => r.id === ruleId);
  return rule?.messages[locale]?.title ?? ruleId;
}

/** The section (h2 + summary + table) for a PII scan document. */
export function renderPiiSection(doc: PiiScanDocument, locale = 'en'): string {
  const loc = pageLocale(locale);
  const t = pageStrings(loc).pii;
  const findings = [...doc.findings].sort((a, b) =>
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    || PII_CATEGORIES.indexOf(a.category) - PII_CATEGORIES.indexOf(b.category)
    || `${a.schema_name}.${a.table_name}.${a.column_name}`.localeCompare(`${b.schema_name}.${b.table_name}.${b.column_name}`));
  const summary = fill(h(t.scanned), { tables: h(doc.tables_scanned), columns: h(doc.columns_scanned),
    db: h(doc.database), at: h(doc.finished_at), findings: h(findings.length) });
  const head = t.cols.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const rows = findings.map((f) => `<tr class="pii-${h(f.severity)}">` +
    `<td>${h(f.severity)}</td><td>${h(f.category)}</td><td title="${h(f.rule_id)}">${h(ruleTitle(f.rule_id, loc))}</td>` +
    `<td>${h(`${f.schema_name}.${f.table_name}`)}</td><td>${h(f.column_name)}</td>` +
    `<td>${h(`${f.match_count}/${f.sampled}`)}</td><td><code>${h(f.masked_sample)}</code></td>` +
    `<td><code>${h(JSON.stringify(f.primary_key))}</code></td><td>${h(f.confidence.toFixed(2))}</td></tr>`).join('\n');
  const skipped = doc.skipped.length
    ? `<h3>${h(t.skipped)}</h3><ul>${doc.skipped.map((s) => `<li>${h(`${s.schema_name}.${s.table_name}`)}: ${h(s.reason)}</li>`).join('')}</ul>`
    : '';
  return `<section id="pii"><h2>${h(t.title)}</h2>\n<p>${summary}</p>\n` +
    (findings.length
      ? `<table class="checks pii"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
      : `<p class="panel">${h(t.none)}</p>`) +
    `${skipped}</section>\n`;
}

/** A page with only the PII section (sec-check pii --html). */
export function renderPiiPage(doc: PiiScanDocument, locale = 'en'): string {
  const loc = pageLocale(locale);
  const title = pageStrings(loc).pii.title;
  return renderPage({ locale: loc, title: `${title} — ${doc.database}`, heading: `${title} — ${doc.database}`, body: renderPiiSection(doc, loc) });
}
