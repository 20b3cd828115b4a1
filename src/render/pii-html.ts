// The PII section of the HTML report, and the standalone page of `sec-check pii --html`.
// Static markup only (no script); every value (schema, table and column names come from the
// scanned database and can be hostile) passes through escapeHtml.
import type { PiiScanDocument } from '../core/pii/scan.ts';
import { PII_CATEGORIES } from '../core/pii/rules.ts';
import piiRules from '../core/pii/rules.generated.json';
import { escapeHtml as h } from './escape.ts';
import { reportCsp } from './html.ts';
import { REPORT_CSS } from './html-style.ts';

const TEXT = {
  en: {
    title: 'Personal data (PII)', none: 'No personal data found in the sampled columns.',
    scanned: 'Scanned {tables} tables, {columns} columns of database {db} ({at}); {findings} findings.',
    skipped: 'Not scanned', cols: ['Severity', 'Category', 'Rule', 'Table', 'Column', 'Matched', 'Masked sample', 'Row key', 'Confidence'],
  },
  ru: {
    title: 'Персональные данные (PII)', none: 'В выборке столбцов персональные данные не найдены.',
    scanned: 'Просканировано таблиц: {tables}, столбцов: {columns} в базе {db} ({at}); находок: {findings}.',
    skipped: 'Не просканированы', cols: ['Критичность', 'Категория', 'Правило', 'Таблица', 'Столбец', 'Совпало', 'Маскированный образец', 'Ключ строки', 'Уверенность'],
  },
} as const;

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

function ruleTitle(ruleId: string, locale: 'en' | 'ru'): string {
  const rule = (piiRules.rules as { id: string; messages: Record<string, { title: string }> }[]).find((r) => r.id === ruleId);
  return rule?.messages[locale]?.title ?? ruleId;
}

/** The section (h2 + summary + table) for a PII scan document. */
export function renderPiiSection(doc: PiiScanDocument, locale = 'en'): string {
  const loc: 'en' | 'ru' = locale === 'ru' ? 'ru' : 'en';
  const t = TEXT[loc];
  const findings = [...doc.findings].sort((a, b) =>
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    || PII_CATEGORIES.indexOf(a.category) - PII_CATEGORIES.indexOf(b.category)
    || `${a.schema_name}.${a.table_name}.${a.column_name}`.localeCompare(`${b.schema_name}.${b.table_name}.${b.column_name}`));
  const summary = t.scanned
    .replace('{tables}', h(doc.tables_scanned)).replace('{columns}', h(doc.columns_scanned))
    .replace('{db}', h(doc.database)).replace('{at}', h(doc.finished_at)).replace('{findings}', h(findings.length));
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
  const loc = locale === 'ru' ? 'ru' : 'en';
  return `<!DOCTYPE html>\n<html lang="${loc}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${h(reportCsp())}">\n<meta name="referrer" content="no-referrer">\n` +
    `<title>${h(`${TEXT[loc].title} — ${doc.database}`)}</title>\n<style>${REPORT_CSS}</style>\n</head>\n<body>\n<main>\n` +
    renderPiiSection(doc, loc) + `</main>\n</body>\n</html>\n`;
}
