// The engine's own verdict texts (deadline, version gate, host agent, could not verify,
// validator failures). They live in localizations/engine.json (en, ru) and are bundled with
// the engine, so a foreign pack without them still reads in the run's language; a pack can
// override or add a language with `engine.<key>` lines in its .loc files (build.mjs writes
// them into the built-in catalog's .loc files).
import engineJson from '../../localizations/engine.json';
import type { Localizer } from './loc.ts';

export type EngineKey = keyof typeof engineJson.en;

/** Prefix of the engine's keys in .loc files. */
export const ENGINE_KEY_PREFIX = 'engine.';

const DEFAULTS = engineJson as Record<string, Partial<Record<EngineKey, string>>>;

/** The bundled table for a locale code ("ru", "ru_RU.UTF-8"), or undefined. */
function bundled(locale: string): Partial<Record<EngineKey, string>> | undefined {
  return DEFAULTS[locale] ?? DEFAULTS[locale.toLowerCase().split(/[-_.]/)[0]];
}

/** Rich-text escaping for values placed into a message (server errors, paths, Lua types). */
function escapeRich(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A value shown as code: it is data (an identifier, a path, a server message), not prose. */
export function code(value: string): string {
  return `<code>${escapeRich(value)}</code>`;
}

/**
 * Looks up engine texts: the pack's selected locale, the bundled table for that locale,
 * the pack's English, the bundled English. Placeholders {name} are filled with values
 * that are already rich text (use code() for data).
 */
export class EngineText {
  constructor(private readonly packLoc: Localizer, private readonly locale: string) {}

  get(key: EngineKey, values: Record<string, string> = {}): string {
    const template = this.packLoc.selectedOnly(ENGINE_KEY_PREFIX + key)
      ?? bundled(this.locale)?.[key]
      ?? this.packLoc.englishOnly(ENGINE_KEY_PREFIX + key)
      ?? engineJson.en[key];
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? values[name] : m));
  }
}
