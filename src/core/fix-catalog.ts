// The fixes of a catalog (dist/catalog/fixes.json) as the catalog compiler writes them and
// `sec-check fix` reads them: the one shape both sides share (docs/architecture.md, "Fix scripts").

/** One check's entry in dist/catalog/fixes.json. */
export interface FixEntry {
  /** the fix query, relative to dist/catalog (a SELECT returning statement, comment, manual). */
  query?: string;
  /** the safe values a settings fix sets (for docs/checks.md). */
  settings?: Record<string, string>;
  manual?: string;
  note?: string;
}

/** dist/catalog/fixes.json: read by `sec-check fix`. */
export interface FixCatalog {
  format: 'sec_check-fixes';
  format_version: 1;
  checks: Record<string, FixEntry>;
}
