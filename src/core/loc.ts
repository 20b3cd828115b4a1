// pg_sec_check .loc files: one `id,"message"` per line, `#` comments, blank lines.
// The message runs from the first quote after the comma to the last quote on the line, so
// quotes and commas inside it need no escaping; as in CSV, `""` inside it is one `"` (a
// line without doubled quotes reads exactly as before).

export class LocParseError extends Error {}

export function parseLoc(text: string, fileName: string): Map<string, string> {
  const entries = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const comma = line.indexOf(',');
    const id = comma > 0 ? line.slice(0, comma).trim() : '';
    const rest = comma > 0 ? line.slice(comma + 1).trim() : '';
    if (!id || rest.length < 2 || !rest.startsWith('"') || !rest.endsWith('"')) {
      throw new LocParseError(
        `${fileName}:${index + 1}: expected id,"message" but found ${JSON.stringify(truncate(line, 80))}`);
    }
    entries.set(id, unquote(rest.slice(1, -1)));
  });
  return entries;
}

/** CSV quoting inside the message: each `""` stands for one `"`. */
function unquote(inner: string): string {
  return inner.includes('""') ? inner.replace(/""/g, '"') : inner;
}

/** A message as a .loc line writes it: every `"` doubled, so any text reads back unchanged. */
export function locLine(id: string, message: string): string {
  return `${id},"${message.replace(/"/g, '""')}"`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/**
 * Message lookup for locale_msg(key). The manual allows two readings of "key": the id
 * (first field) or the English text (second field, gettext style); both work here.
 * Missing locale or key falls back to English, then to the key itself.
 */
export class Localizer {
  private readonly byEnglishText = new Map<string, string>();

  constructor(
    private readonly selected: Map<string, string> | undefined,
    private readonly english: Map<string, string> | undefined,
  ) {
    if (english) for (const [id, message] of english) if (!this.byEnglishText.has(message)) this.byEnglishText.set(message, id);
  }

  /** The key in the selected locale only (no fallback). */
  selectedOnly(key: string): string | undefined {
    return this.selected?.get(key);
  }

  /** The key in English only (no fallback). */
  englishOnly(key: string): string | undefined {
    return this.english?.get(key);
  }

  message(key: string): string {
    const direct = this.selected?.get(key) ?? this.english?.get(key);
    if (direct !== undefined) return direct;
    const id = this.byEnglishText.get(key);
    if (id !== undefined) return this.selected?.get(id) ?? key;
    return key;
  }
}
