// Descriptions and recommendations come from .loc files and may hold a few HTML tags, but
// they can also carry data copied from the server. Instead of cleaning HTML with regexes,
// the text is tokenized into a tree in which only allowlisted tags WITHOUT attributes
// become elements; every other character (including `<img ...>`, `<p class=x>`, stray `<`)
// stays plain text. Renderers then emit the tree with escaping (server side) or with
// createElement/createTextNode (client side), so no string is ever parsed as HTML.

export const RICH_TAGS = ['p', 'code', 'ul', 'ol', 'li', 'b', 'i', 'strong', 'em', 'br', 'pre'] as const;
export type RichTag = (typeof RICH_TAGS)[number];

/** A text node (string) or an element: [tag, ...children]. Plain JSON, so it can be
 *  embedded in the page for the client script. */
export type RichNode = string | [RichTag, ...RichNode[]];

const ALLOWED = new Set<string>(RICH_TAGS);
const VOID = new Set<string>(['br']);
// `<tag>`, `</tag>` or `<br/>`: letters only, optional whitespace, nothing else.
const TAG_AT = /^<(\/?)([a-zA-Z]+)\s*(\/?)>/;
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };
// Elements nest at most this deep; deeper tags are dropped (their text stays), so the
// recursive renderers here and in the page script never meet a hostile depth.
export const MAX_RICH_DEPTH = 32;
const ENTITY_AT = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/;

/** Decodes the few entities .loc authors use; unknown ones stay literal text. */
function decodeEntity(m: RegExpExecArray): string | null {
  if (m[3] !== undefined) return NAMED_ENTITIES[m[3].toLowerCase()] ?? null;
  const code = m[1] !== undefined ? parseInt(m[1], 10) : parseInt(m[2], 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return String.fromCodePoint(code);
}

/** Parses a description string into a safe tree. Never throws. */
export function parseRich(input: unknown): RichNode[] {
  const src = typeof input === 'string' ? input : input == null ? '' : String(input);
  const root: RichNode[] = [];
  // Stack of open elements; each entry is the element and its tag for matching close tags.
  const stack: { tag: string; node: RichNode[] }[] = [{ tag: '', node: root }];
  let text = '';
  const flush = () => {
    if (text) {
      const kids = stack[stack.length - 1].node;
      kids.push(text);
      text = '';
    }
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '<') {
      const m = TAG_AT.exec(src.slice(i, i + 16));
      const tag = m ? m[2].toLowerCase() : '';
      if (m && ALLOWED.has(tag) && !(m[1] && m[3])) {
        flush();
        if (m[1]) {
          // Close tag: pop to the nearest matching open element; ignore if none is open.
          let k = stack.length - 1;
          while (k > 0 && stack[k].tag !== tag) k--;
          if (k > 0) stack.length = k;
        } else if (stack.length <= MAX_RICH_DEPTH || VOID.has(tag) || m[3]) {
          const el = [tag as RichTag] as [RichTag, ...RichNode[]];
          stack[stack.length - 1].node.push(el);
          if (!VOID.has(tag) && !m[3]) stack.push({ tag, node: el });
        }
        i += m[0].length;
        continue;
      }
    } else if (ch === '&') {
      const m = ENTITY_AT.exec(src.slice(i, i + 12));
      const decoded = m ? decodeEntity(m) : null;
      if (m && decoded !== null) {
        text += decoded;
        i += m[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return root;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Serializes a parsed tree back to HTML; text is always escaped. */
export function richToHtml(nodes: RichNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (typeof n === 'string') out += n.replace(/[&<>"']/g, (c) => ESC[c]);
    else {
      const [tag, ...kids] = n;
      if (!ALLOWED.has(tag)) continue;
      out += VOID.has(tag) ? `<${tag}>` : `<${tag}>${richToHtml(kids)}</${tag}>`;
    }
  }
  return out;
}

const BLOCK = new Set<string>(['p', 'ul', 'ol', 'pre']);

/** Plain text for SARIF, JUnit and the console: blocks become lines, list items "- ". */
export function richToPlain(nodes: RichNode[]): string {
  const walk = (list: RichNode[]): string => {
    let out = '';
    for (const n of list) {
      if (typeof n === 'string') out += n;
      else {
        const [tag, ...kids] = n;
        if (tag === 'br') out += '\n';
        else if (tag === 'li') out += `\n- ${walk(kids).trim()}`;
        else if (BLOCK.has(tag)) out += `\n${walk(kids)}\n`;
        else out += walk(kids);
      }
    }
    return out;
  };
  return walk(nodes)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Shorthand: description string -> plain text. */
export function plainText(input: unknown): string {
  return richToPlain(parseRich(input));
}
