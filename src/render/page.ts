// The one page shell of every HTML page sec-check writes (the report, the fleet report, the
// PII page, the DDL trail): doctype, language, the Content-Security-Policy, the one stylesheet,
// the header, the footer and, for the report only, its data block and client script.
//
// The CSP allows this page's own stylesheet and script by SHA-256 hash (no 'unsafe-inline'),
// data: images, and nothing else: no connections, frames, forms or base URI. A page without a
// script gets no script-src at all. Every text passed in is already escaped HTML.
import { escapeHtml as h, jsonForScript } from './escape.ts';
import { PAGE_CSS } from './html-style.ts';
import { cspHash } from './sha256.ts';

export interface Page {
  /** lang of the page (a resolved locale: en, ru) */
  locale: string;
  /** <title>, plain text */
  title: string;
  /** <h1>, plain text */
  heading: string;
  /** the line under the heading, plain text */
  sub?: string;
  /** <meta name="generator">, plain text */
  generator?: string;
  /** the page's content, escaped HTML */
  body: string;
  /** the footer's content, escaped HTML */
  footer?: string;
  /** the report's client: a JSON data block (id report-data) and the script that reads it */
  client?: { data: unknown; script: string };
}

const cspCache = new Map<string, string>();

/** The policy of a page with this script (or none); the same for every page of a kind. */
export function pageCsp(script?: string): string {
  const key = script ?? '';
  let csp = cspCache.get(key);
  if (!csp) {
    csp = [
      "default-src 'none'",
      `style-src ${cspHash(PAGE_CSS)}`,
      ...(script ? [`script-src ${cspHash(script)}`] : []),
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    cspCache.set(key, csp);
  }
  return csp;
}

export function renderPage(p: Page): string {
  return (
    `<!DOCTYPE html>\n<html lang="${h(p.locale)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${h(pageCsp(p.client?.script))}">\n` +
    `<meta name="referrer" content="no-referrer">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    (p.generator ? `<meta name="generator" content="${h(p.generator)}">\n` : '') +
    `<title>${h(p.title)}</title>\n<style>${PAGE_CSS}</style>\n</head>\n<body>\n<main>\n` +
    `<header><h1>${h(p.heading)}</h1>${p.sub ? `<p class="sub">${h(p.sub)}</p>` : ''}</header>\n` +
    p.body +
    (p.footer ? `<footer>${p.footer}</footer>\n` : '') +
    `</main>\n` +
    (p.client
      ? `<script type="application/json" id="report-data">${jsonForScript(p.client.data)}</script>\n<script>${p.client.script}</script>\n`
      : '') +
    `</body>\n</html>\n`
  );
}
