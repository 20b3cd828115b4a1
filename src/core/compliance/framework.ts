// Compliance frameworks as data (frameworks/<id>/framework.json, compiled into the pack's
// config.json under "frameworks"): a framework lists its controls and, for each, the checks
// that decide it; a control no check can decide is manual and says what evidence a person
// must attach. This module is the one validator of that shape: the build, `sec-check pack`
// (any pack may carry frameworks), `--framework FILE` and the engine use it, and every
// problem names the file, the field and the value.

export interface Control {
  id: string;
  /** sec_check's own one-line summary (never the framework's text) */
  title: string;
  /** the framework's level or category of the control (e.g. "CAT II"), when known */
  level?: string;
  /** the framework's own label: automated or manual */
  assessment?: 'automated' | 'manual';
  /** ids of the checks that decide the control; empty = manual */
  checks: string[];
  /** the evidence a person attaches when no check decides the control (attestable) */
  manual?: string;
  /** other public identifiers of the control (rule id, STIG id, ...) */
  refs?: Record<string, string>;
}

export interface Framework {
  id: string;
  title: string;
  version: string;
  publisher: string;
  note?: string;
  /** a check field holding this framework's control ids (the built-in checks' "cis") */
  check_field?: 'cis';
  controls: Control[];
}

/** What the frameworks are checked against: the pack's checks (id and CIS id). */
export interface KnownCheck { id: string | null; cis: string | null }

export const FRAMEWORK_ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FRAMEWORK_KEYS = ['$schema', 'id', 'title', 'version', 'publisher', 'note', 'check_field', 'controls'];
const CONTROL_KEYS = ['id', 'title', 'level', 'assessment', 'checks', 'manual', 'refs'];
const MAX_CONTROLS = 5000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
/** A non-empty single-line string of at most `max` characters, without control characters. */
function isLine(v: unknown, max: number): v is string {
  // eslint-disable-next-line no-control-regex
  return typeof v === 'string' && v.trim() !== '' && v.length <= max && !/[\u0000-\u001f\u007f]/.test(v);
}

/**
 * Checks one framework object (`where` names it in messages: "frameworks/cis-pg17/framework.json"
 * or "config.json: frameworks[0]"). Returns the framework and its problems; the framework is
 * usable only when there are none.
 */
export function checkFramework(raw: unknown, where: string, checks: KnownCheck[]): { framework: Framework | null; problems: string[] } {
  const problems: string[] = [];
  const at = (field: string, msg: string) => problems.push(`${where}: ${field}: ${msg}`);
  if (!isObject(raw)) return { framework: null, problems: [`${where}: expected a framework object, found ${show(raw)}`] };
  for (const key of Object.keys(raw)) if (!FRAMEWORK_KEYS.includes(key)) at(key, `unknown field (allowed: ${FRAMEWORK_KEYS.slice(1).join(', ')})`);
  if (typeof raw.id !== 'string' || !FRAMEWORK_ID_RE.test(raw.id)) at('id', `expected a framework id (lower-case letters, digits and -), found ${show(raw.id)}`);
  for (const key of ['title', 'version', 'publisher'] as const) if (!isLine(raw[key], 200)) at(key, `expected a non-empty single line, found ${show(raw[key])}`);
  if (raw.note !== undefined && !isLine(raw.note, 2000)) at('note', `expected a single line, found ${show(raw.note)}`);
  if (raw.check_field !== undefined && raw.check_field !== 'cis') at('check_field', `expected "cis" (the check field that holds this framework's control ids), found ${show(raw.check_field)}`);
  const ids = new Map(checks.filter((c) => c.id !== null).map((c) => [c.id as string, c]));
  const controls: Control[] = [];
  if (!Array.isArray(raw.controls) || raw.controls.length === 0) at('controls', `expected a non-empty array of controls, found ${show(raw.controls)}`);
  else if (raw.controls.length > MAX_CONTROLS) at('controls', `more than ${MAX_CONTROLS} controls`);
  else {
    const seen = new Map<string, number>();
    raw.controls.forEach((c, i) => {
      const f = `controls[${i}]`;
      if (!isObject(c)) { at(f, `expected a control object, found ${show(c)}`); return; }
      for (const key of Object.keys(c)) if (!CONTROL_KEYS.includes(key)) at(`${f}.${key}`, `unknown field (allowed: ${CONTROL_KEYS.join(', ')})`);
      if (!isLine(c.id, 64)) at(`${f}.id`, `expected a control id (one line, at most 64 characters), found ${show(c.id)}`);
      else if (seen.has(c.id)) at(`${f}.id`, `duplicate control id ${show(c.id)} (also controls[${seen.get(c.id)}])`);
      else seen.set(c.id, i);
      if (!isLine(c.title, 200)) at(`${f}.title`, `expected a non-empty single line of at most 200 characters, found ${show(c.title)}`);
      if (c.level !== undefined && !isLine(c.level, 40)) at(`${f}.level`, `expected a short single line, found ${show(c.level)}`);
      if (c.assessment !== undefined && c.assessment !== 'automated' && c.assessment !== 'manual') at(`${f}.assessment`, `expected "automated" or "manual", found ${show(c.assessment)}`);
      if (c.manual !== undefined && !isLine(c.manual, 1000)) at(`${f}.manual`, `expected the evidence to attach, one line of at most 1000 characters, found ${show(c.manual)}`);
      if (c.refs !== undefined && (!isObject(c.refs) || !Object.values(c.refs).every((v) => isLine(v, 100)))) at(`${f}.refs`, `expected an object of short strings, found ${show(c.refs)}`);
      const list: string[] = [];
      if (!Array.isArray(c.checks)) at(`${f}.checks`, `expected an array of check ids (empty for a manual control), found ${show(c.checks)}`);
      else c.checks.forEach((id, j) => {
        if (typeof id !== 'string' || !ids.has(id)) at(`${f}.checks[${j}]`, `no check ${show(id)} in the pack`);
        else if (list.includes(id)) at(`${f}.checks[${j}]`, `check ${show(id)} listed twice`);
        else list.push(id);
      });
      if (Array.isArray(c.checks) && c.checks.length === 0 && c.manual === undefined) {
        at(`${f}.manual`, 'missing: a control no check decides must say what evidence a person attaches');
      }
      controls.push({
        id: String(c.id), title: String(c.title), checks: list,
        ...(c.level !== undefined ? { level: String(c.level) } : {}),
        ...(c.assessment !== undefined ? { assessment: c.assessment as Control['assessment'] } : {}),
        ...(c.manual !== undefined ? { manual: String(c.manual) } : {}),
        ...(isObject(c.refs) ? { refs: c.refs as Record<string, string> } : {}),
      });
    });
    // A framework whose control ids the checks carry (CIS): every check naming a control is
    // one of the checks deciding it, so a check's "cis" and the mapping cannot disagree.
    if (raw.check_field === 'cis') {
      for (const check of checks) {
        if (check.id === null || check.cis === null) continue;
        const i = seen.get(check.cis);
        if (i === undefined) at('controls', `check ${show(check.id)} names control ${show(check.cis)} (its cis field), which this framework does not list`);
        else if (!controls[i].checks.includes(check.id)) at(`controls[${i}].checks`, `missing check ${show(check.id)}, whose cis field names control ${show(check.cis)}`);
      }
    }
  }
  if (problems.length) return { framework: null, problems };
  const fw = raw as Record<string, unknown>;
  return {
    framework: {
      id: fw.id as string, title: fw.title as string, version: fw.version as string, publisher: fw.publisher as string,
      ...(fw.note !== undefined ? { note: fw.note as string } : {}),
      ...(fw.check_field !== undefined ? { check_field: 'cis' as const } : {}),
      controls,
    },
    problems,
  };
}

/** The pack's "frameworks" (absent = none): each checked, ids unique. */
export function checkFrameworks(raw: unknown, where: string, checks: KnownCheck[]): { frameworks: Framework[]; problems: string[] } {
  if (raw === undefined) return { frameworks: [], problems: [] };
  if (!Array.isArray(raw)) return { frameworks: [], problems: [`${where}: expected an array of frameworks, found ${show(raw)}`] };
  const problems: string[] = [];
  const frameworks: Framework[] = [];
  raw.forEach((item, i) => {
    const r = checkFramework(item, `${where}[${i}]`, checks);
    problems.push(...r.problems);
    if (r.framework) {
      if (frameworks.some((f) => f.id === r.framework!.id)) problems.push(`${where}[${i}]: id: duplicate framework id ${show(r.framework.id)}`);
      else frameworks.push(r.framework);
    }
  });
  return { frameworks, problems };
}

/** Whether a person may attest the control: it names the evidence to attach. */
export function attestable(control: Control): boolean {
  return control.manual !== undefined;
}
