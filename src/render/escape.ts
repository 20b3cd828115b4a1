// Escaping helpers shared by the renderers. Everything in a report is untrusted (check
// output can carry role names, setting values, file contents), so every string that goes
// into markup passes through one of these. Pure functions: no Node or DOM APIs, so the
// renderers can also run inside the database.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

// XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Anything else (NUL, other C0 controls, lone surrogates, U+FFFE/FFFF) makes the whole file
// unparseable, so it is replaced by U+FFFD rather than escaped (escaping would not help:
// &#0; is not allowed either).
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content and double- or single-quoted attribute values. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(XML_INVALID, '\uFFFD')
    .replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : HTML_ESCAPES[c]))
    // Attribute-value normalization would turn raw CR/LF/TAB into spaces; keep them.
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Like escapeXml, and also keeps newlines through attribute-value normalization. */
export function escapeXmlAttr(value: unknown): string {
  return escapeXml(value).replace(/\n/g, '&#10;');
}

/**
 * Serializes a value as JSON that is safe inside <script type="application/json">:
 * `<`, `>` and `&` are written as \u escapes so no `</script>` or `<!--` can appear, and
 * U+2028/U+2029 are escaped for old JS parsers. JSON.parse gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
