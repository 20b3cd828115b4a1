// Fix planning for `sec-check fix`: from a report (a stored run or a JSON file) and the
// catalog's fixes, which statements fix its failing checks. Nothing here executes a change:
// the fix queries are read-only SELECTs that return statements, run on a read-only session.
// docs/architecture.md, "Fix scripts", is the contract.
import type { FixEntry } from '../core/fix-catalog.ts';
import type { CheckResult, Report } from '../core/report.ts';
import { sqlSkeleton } from '../core/sql-skeleton.ts';
import { revealHidden, visibleText } from './visible-sql.ts';
import { OBJECT_AUDIT_CALL } from './preconditions.ts';

/** Verdicts a fix is written for: the check evaluated and found a problem. */
export const FIXABLE_STATUSES = ['Warning', 'Error'] as const;

export type Needs = 'none' | 'reload' | 'restart';

export interface FixStatement {
  /** the statement without its trailing semicolon */
  statement: string;
  kind: 'sql' | 'alter_system';
  needs: Needs;
  /** the setting an ALTER SYSTEM changes */
  setting?: string;
  /** checks this statement fixes (identical statements are emitted once) */
  checks: { id: string; title: string }[];
  comments: string[];
}

export interface ManualItem { id: string; title: string; reason: string; suggestion?: string }

export interface FixPlan {
  statements: FixStatement[];
  manual: ManualItem[];
  /** failing checks the catalog has no fix for */
  undefinedFixes: { id: string; title: string; status: string }[];
  /** checks whose fix query returned nothing: the live server no longer needs a change */
  nothingToDo: { id: string; title: string }[];
  notes: { id: string; title: string; note: string }[];
  failing: number;
  /** fix statements in the evidence that were not used (untrusted provenance), and why */
  withheldEvidence: number;
  evidence: EvidenceTrust;
}

/** One line of comment text: no line breaks or control characters from server data, other hidden characters shown as <U+XXXX>. */
export function commentText(s: unknown): string {
  return visibleText(String(s ?? '')).replace(/\s+/g, ' ').trim();
}

const ALTER_SYSTEM = /^ALTER\s+SYSTEM\s+(?:SET|RESET)\s+("?)([A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?)\1/i;

/**
 * A candidate statement, checked: one statement, no transaction control, no password, every
 * character a reviewer cannot see written as an escape (visible-sql.ts; `escaped` names the
 * code points). Returns the problem or the cleaned text.
 */
export function checkStatement(raw: unknown): { statement: string; escaped: string[] } | { problem: string } {
  if (typeof raw !== 'string' || raw.trim() === '') return { problem: 'an empty statement' };
  const statement = raw.trim().replace(/(;\s*)+$/, '').trim();
  const skeleton = sqlSkeleton(statement);
  if (skeleton.includes(';')) return { problem: 'more than one statement' };
  if (/^\s*(BEGIN|COMMIT|ROLLBACK|START|END|ABORT|SAVEPOINT|RELEASE|PREPARE|\\)/i.test(skeleton)) return { problem: 'transaction control or a psql command' };
  if (/\bPASSWORD\b/i.test(skeleton)) return { problem: 'it would carry a password' };
  // one line each, as it runs: a line break inside a quoted name could make part of a statement
  // look like a comment, a bidi control could reorder it, a zero-width or look-alike character
  // could make it name another object than it seems to
  const revealed = revealHidden(statement);
  if ('problem' in revealed) return { problem: `${revealed.problem}: fix it by hand` };
  return revealed;
}

/** The comment that says a statement's names were written with escapes. */
export function escapedNote(codePoints: string[]): string {
  return `names here hold characters that do not show or pass for others, written as escapes (${codePoints.join(', ')}): PostgreSQL reads them back as the same name`;
}

/**
 * Whether fix statements carried in the report's evidence (rows with a `fix` column) may be
 * used. Only a run the server recorded as computed by the engine in the database, with the
 * built-in pack, is trusted: an agent's post, a report file (anyone can edit one) and a
 * foreign pack's SQL (written by its author) could carry any statement.
 */
export interface EvidenceTrust {
  trusted: boolean;
  why: string;
  /** a current-state report: evidence is used from some of its runs, not from others */
  partly?: boolean;
}

export interface FixContext {
  /** runs one fix query on the live server (read-only); rows as objects */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** pg_settings.context of each setting of the live server (lower-case name) */
  contexts: Map<string, string>;
  /** the rule for the whole report, as the script's header states it */
  evidence: EvidenceTrust;
  /** the rule for one result, when the report's results come from several runs (a
   *  current-state report); without it every result follows `evidence` */
  evidenceOf?: (result: CheckResult) => EvidenceTrust;
  /** why sec_check.object_audit() cannot run on the live server (preconditions.ts), or null/absent when it can */
  objectAuditBlocked?: string | null;
}

/** The provenance rule for a stored run: origin and pack as the server recorded them (sec_check.runs columns). */
export function storedRunTrust(run: string, origin: string | null, packName: string | null): EvidenceTrust {
  if (origin !== 'database') return { trusted: false, why: `run ${run} was posted by an agent (origin ${origin ?? 'unknown'}): its rows come from the poster, not the engine` };
  if (packName !== 'builtin') return { trusted: false, why: `run ${run} ran pack ${packName === null ? '(none recorded)' : JSON.stringify(packName)}, not the built-in one: its SQL is not sec-check's` };
  return { trusted: true, why: `run ${run} was computed in the database by sec_check.run() with the built-in pack` };
}

/**
 * The provenance rule for a current-state report, whose results come from several stored
 * runs: each result follows the rule of its own run (result.run_id, set by the server;
 * origin and pack from sec_check.runs), so one agent post or foreign-pack run among them
 * never lends its rows to the others' trust. `runs` holds the server's columns of every run
 * the report names. The summary (the script's header) is trusted only when every run is.
 */
export function currentStateTrust(runs: { id: string; origin: string | null; pack_name: string | null }[]): { summary: EvidenceTrust; of: (result: CheckResult) => EvidenceTrust } {
  const byRun = new Map(runs.map((r) => [r.id, storedRunTrust(r.id, r.origin, r.pack_name)]));
  const of = (result: CheckResult): EvidenceTrust => {
    const id = result.run_id == null ? undefined : String(result.run_id);
    if (id === undefined) return { trusted: false, why: 'the result names no stored run' };
    return byRun.get(id) ?? { trusted: false, why: `run ${id} is not among the stored runs this role may read` };
  };
  const all = [...byRun.values()];
  const untrusted = all.filter((t) => !t.trusted);
  const trustedIds = runs.filter((r) => byRun.get(r.id)!.trusted).map((r) => r.id);
  const summary: EvidenceTrust = untrusted.length === 0 && all.length > 0
    ? { trusted: true, why: `the current state's runs (${trustedIds.join(', ')}) were computed in the database by sec_check.run() with the built-in pack` }
    : {
        trusted: false,
        partly: trustedIds.length > 0,
        why: [trustedIds.length ? `used from run(s) ${trustedIds.join(', ')} (computed in the database by sec_check.run() with the built-in pack) only` : 'no run of the current state is trusted', ...untrusted.map((t) => t.why)].join('; '),
      };
  return { summary, of };
}

/** A report file is never trusted for evidence fixes: nothing vouches for its content. */
export const REPORT_FILE_TRUST: EvidenceTrust = {
  trusted: false,
  why: 'a report file is not a run the server recorded (evidence fixes are taken only from runs stored by sec_check.run() with the built-in pack: use --run)',
};

interface Candidate { statement: unknown; comment?: unknown; manual?: unknown }

/** Fix statements a check's evidence carries: rows of its SQL executors with a `fix` column (and `fix_comment`, `fix_manual`). */
export function evidenceFixes(result: CheckResult): Candidate[] {
  const out: Candidate[] = [];
  for (const e of result.executors ?? []) {
    if (e.kind !== 'sql' || e.skipped) continue;
    for (const row of e.rows ?? []) {
      if (row && typeof row === 'object' && typeof row.fix === 'string' && row.fix.trim() !== '') {
        out.push({ statement: row.fix, comment: row.fix_comment, manual: row.fix_manual === true });
      }
    }
  }
  return out;
}

/** Builds the plan: which statements, in report order, for the failing checks of `report`. */
export async function planFixes(report: Report, fixes: Record<string, FixEntry>, queries: Map<string, string>, ctx: FixContext): Promise<FixPlan> {
  const plan: FixPlan = { statements: [], manual: [], undefinedFixes: [], nothingToDo: [], notes: [], failing: 0, withheldEvidence: 0, evidence: ctx.evidence };
  const byText = new Map<string, FixStatement>();
  for (const r of report.results) {
    if (!(FIXABLE_STATUSES as readonly string[]).includes(r.status)) continue;
    plan.failing++;
    const id = r.check_id ?? r.name;
    const title = r.name;
    const entry = r.check_id ? fixes[r.check_id] : undefined;
    let candidates = evidenceFixes(r);
    const trust = ctx.evidenceOf?.(r) ?? ctx.evidence;
    if (candidates.length && !trust.trusted) {
      // said where the reviewer reads, never printed: the text is whatever the source put there
      plan.manual.push({ id, title, reason: `${candidates.length} fix statement(s) in this result's evidence were not used: ${trust.why}` });
      plan.withheldEvidence += candidates.length;
      candidates = [];
    }
    if (candidates.length === 0) {
      if (!entry) { plan.undefinedFixes.push({ id, title, status: r.status }); continue; }
      if (entry.manual !== undefined) { plan.manual.push({ id, title, reason: entry.manual }); continue; }
      const sql = queries.get(r.check_id!);
      if (!sql) { plan.undefinedFixes.push({ id, title, status: r.status }); continue; }
      try {
        candidates = (await ctx.query(sql)).map((row) => ({ statement: row.statement, comment: row.comment, manual: row.manual === true }));
      } catch (e) {
        plan.manual.push({ id, title, reason: `the fix could not be computed on this server: ${commentText((e as Error).message)}` });
        continue;
      }
    }
    if (candidates.length === 0) { plan.nothingToDo.push({ id, title }); continue; }
    if (entry?.note) plan.notes.push({ id, title, note: entry.note });
    for (const c of candidates) {
      const checked = checkStatement(c.statement);
      if ('problem' in checked) {
        plan.manual.push({ id, title, reason: `a fix statement was withheld: ${checked.problem}` });
        continue;
      }
      if (c.manual) {
        const reason = commentText(c.comment) || 'suggested, not applied';
        plan.manual.push({ id, title, reason: checked.escaped.length ? `${reason}; ${escapedNote(checked.escaped)}` : reason, suggestion: checked.statement });
        continue;
      }
      if (ctx.objectAuditBlocked && OBJECT_AUDIT_CALL.test(checked.statement)) {
        plan.manual.push({ id, title, reason: ctx.objectAuditBlocked, suggestion: checked.statement });
        continue;
      }
      const known = byText.get(checked.statement);
      if (known) {
        if (!known.checks.some((k) => k.id === id)) known.checks.push({ id, title });
        if (c.comment && !known.comments.includes(commentText(c.comment))) known.comments.push(commentText(c.comment));
        continue;
      }
      const m = ALTER_SYSTEM.exec(checked.statement);
      const setting = m?.[2].toLowerCase();
      const context = setting ? ctx.contexts.get(setting) : undefined;
      const s: FixStatement = {
        statement: checked.statement,
        kind: m ? 'alter_system' : 'sql',
        needs: !m ? 'none' : context === 'postmaster' || context === 'internal' ? 'restart' : 'reload',
        setting,
        checks: [{ id, title }],
        comments: [...(c.comment ? [commentText(c.comment)] : []), ...(checked.escaped.length ? [escapedNote(checked.escaped)] : [])],
      };
      byText.set(checked.statement, s);
      plan.statements.push(s);
    }
  }
  return plan;
}
