// The compliance block of the HTML report (`--framework`): per framework, the score and every
// control with its verdict, the checks that decide it and their evidence, the evidence a
// person attaches for manual controls, and attestations (shown as attested, never as a pass).
// Also the note a signed report's page carries: the fingerprint of the JSON it was rendered
// from. Static markup only, everything escaped (control titles and evidence texts come from
// packs, framework files and the audited server); evidence texts keep only the allowlisted
// rich-text tags (rich-text.ts).
import type { ComplianceSection, ControlResult } from '../core/compliance/evaluate.ts';
import type { ReportSignature } from '../core/report.ts';
import { escapeHtml as h } from './escape.ts';
import { displayTime } from './format.ts';
import { parseRich, richToHtml } from './rich-text.ts';
import { fill, pageStrings } from './ui-strings.ts';

type Texts = ReturnType<typeof pageStrings>['compliance'];

function checksCell(c: ControlResult, t: Texts): string {
  const items = c.checks.map((v) => {
    const status = v.status === null
      ? `<span class="badge st-Skipped">${h(t.no_verdict)}</span>`
      : `<span class="badge st-${h(v.status)}">${h(v.status)}</span>${v.skip_reason ? ` <code>${h(v.skip_reason)}</code>` : ''}`;
    const waived = v.waived ? ` <span class="badge cs-waived">${h(t.waived)}</span>` : '';
    const evidence = v.short_description ? `<div class="evidence">${richToHtml(parseRich(v.short_description))}</div>` : '';
    return `<li><code>${h(v.check_id)}</code> ${status}${waived}${evidence}</li>`;
  });
  const parts = items.length ? [`<ul class="cc">${items.join('')}</ul>`] : [];
  if (c.attestation) {
    parts.push(`<p class="attested">${h(fill(t.attested_by, { by: c.attestation.attested_by, until: displayTime(c.attestation.expires_at), note: c.attestation.note }))}</p>`);
  } else if (c.manual && (c.status === 'manual' || c.checks.length === 0)) {
    parts.push(`<p class="manual">${h(fill(t.evidence_to_attach, { text: c.manual }))}</p>`);
  }
  return parts.join('');
}

function frameworkBlock(s: ComplianceSection, t: Texts): string {
  const score = s.score.percent === null ? t.score_none
    : fill(t.score, { percent: `${s.score.percent}%`, passed: s.score.passed, judged: s.score.judged });
  const counts = (Object.keys(s.counts) as (keyof typeof s.counts)[])
    .map((k) => `<li><span class="n">${h(s.counts[k])}</span><span class="badge cs-${h(k)}">${h(t.statuses[k])}</span></li>`).join('');
  const head = t.cols.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const rows = s.controls.map((c) => {
    const level = [c.level, c.assessment].filter(Boolean).join(', ');
    return `<tr id="${h(`cc-${s.framework.id}-${c.id}`)}" class="cs-row-${h(c.status)}"><td><code>${h(c.id)}</code></td><td>${h(c.title)}</td><td>${h(level)}</td>` +
      `<td><span class="badge cs-${h(c.status)}">${h(t.statuses[c.status])}</span>${c.waived ? ` <span class="badge cs-waived">${h(t.waived)}</span>` : ''}</td>` +
      `<td>${checksCell(c, t)}</td></tr>`;
  }).join('');
  return `<div class="compliance-fw" id="${h(`compliance-${s.framework.id}`)}">` +
    `<h3>${h(fill(t.fw_title, { title: s.framework.title, version: s.framework.version, scope: s.scope }))}</h3>` +
    `<p class="score-line">${h(score)}</p><ul class="counts">${counts}</ul>` +
    `<table class="list compliance"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The compliance section (one block per framework), in the page's locale (en or ru). */
export function renderComplianceSection(sections: ComplianceSection[], locale: string): string {
  const t = pageStrings(locale).compliance;
  return `<section id="compliance"><h2>${h(t.title)}</h2><p class="note">${h(t.note)}</p>${sections.map((s) => frameworkBlock(s, t)).join('')}</section>\n`;
}

/** One line under the summary of a signed report: what the page was rendered from. */
export function renderSignatureNote(signature: ReportSignature, locale: string): string {
  const t = pageStrings(locale).compliance;
  return `<p class="signature" id="signature">${h(fill(t.signed, { digest: signature.document_sha256, key: signature.key_fingerprint, at: displayTime(signature.signed_at) }))}</p>\n`;
}
