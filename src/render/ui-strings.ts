// Report UI strings (en/ru). The JSON is imported at build time (esbuild/tsx inline it),
// so renderers need no file access at run time.
import uiJson from '../../localizations/report-ui.json';

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
