// Localized texts of the pages (en/ru): localizations/report-ui.json (the report page, also
// handed to its client script) and localizations/pages.json (the other pages and sections).
// The JSON is imported at build time (esbuild/tsx inline it), so renderers need no file access
// at run time.
import uiJson from '../../localizations/report-ui.json';
import pagesJson from '../../localizations/pages.json';

export type UiStrings = typeof uiJson.en;

const TABLES = uiJson as Record<string, Partial<UiStrings>>;

/** Normalizes "ru_RU.UTF-8", "RU", "ru-RU" to a table key; unknown locales fall back to en. */
export function resolveLocale(locale: string | null | undefined): string {
  const base = String(locale ?? '').toLowerCase().split(/[-_.]/)[0];
  return base && base in TABLES ? base : 'en';
}

/** The full string table for a locale: missing keys fall back to English, per key. */
export function uiStrings(locale: string | null | undefined): UiStrings {
  return { ...uiJson.en, ...TABLES[resolveLocale(locale)] };
}

/** Replaces {name} placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

export type PageStrings = typeof pagesJson.en;

/** The language of a page other than the report: ru or en (anything else). */
export function pageLocale(locale: string | null | undefined): 'en' | 'ru' {
  return String(locale ?? '').toLowerCase().split(/[-_.]/)[0] === 'ru' ? 'ru' : 'en';
}

/** The texts of the pages other than the report, for a locale (unknown locales: en). */
export function pageStrings(locale: string | null | undefined): PageStrings {
  return pagesJson[pageLocale(locale)];
}
