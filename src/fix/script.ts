// The SQL script `sec-check fix` writes from a fix plan: header, notes, one transaction of
// catalog changes, ALTER SYSTEM lines with the reload and the restart list, manual items as
// comments. Comment text from the server is reduced to one line (commentText).
import type { Report } from '../core/report.ts';
import { commentText, type FixPlan, type FixStatement } from './plan.ts';

export interface ScriptHeader {
  report: Report;
  /** "run 12" or "report file x.json" */
  source: string;
  /** the database the fix queries ran in */
  liveDatabase: string;
  generatedAt: string;
  toolVersion: string;
}

const checkLabel = (checks: { id: string; title: string }[]) => checks.map((c) => `${commentText(c.id)}: ${commentText(c.title)}`).join('; ');

/** The script text. Deterministic for a plan (the header carries the generation time). */
export function renderFixScript(plan: FixPlan, h: ScriptHeader): string {
  const srv = h.report.run.server;
  const tx = plan.statements.filter((s) => s.kind === 'sql');
  const sys = plan.statements.filter((s) => s.kind === 'alter_system');
  const restart = sys.filter((s) => s.needs === 'restart');
  const L: string[] = [
    '-- sec_check fix script: REVIEW EVERY STATEMENT BEFORE APPLYING IT.',
    '-- Nothing was executed by sec-check: it only read the catalog to write this file.',
    `-- server: PostgreSQL ${commentText(srv.version)}, database ${commentText(srv.database)}${srv.host ? `, host ${commentText(srv.host)}` : ''}${srv.port ? `, port ${srv.port}` : ''}`,
    `-- from: ${commentText(h.source)}${h.report.run.id != null ? ` (run id ${h.report.run.id})` : ''}, audited ${commentText(h.report.run.started_at)} by ${commentText(h.report.run.run_by)}`,
    `-- statements computed from the live catalog of database ${commentText(h.liveDatabase)}`,
    `-- fix statements from the evidence: ${plan.evidence.trusted ? 'used' : `${plan.evidence.partly ? 'partly used' : 'not used'} (${plan.withheldEvidence} withheld)`}: ${commentText(plan.evidence.why)}`,
    `-- generated: ${h.generatedAt} by sec-check ${commentText(h.toolVersion)}`,
    `-- failing checks: ${plan.failing}; statements: ${plan.statements.length} (${tx.length} in a transaction, ${sys.length} ALTER SYSTEM); manual items: ${plan.manual.length}; no fix defined: ${plan.undefinedFixes.length}; nothing left to change: ${plan.nothingToDo.length}`,
    '-- Apply as a superuser, in the database above, with psql:',
    `--   psql -X -v ON_ERROR_STOP=1 -d ${/^[A-Za-z0-9_.-]+$/.test(h.liveDatabase) ? h.liveDatabase : 'DBNAME'} -f THIS_FILE`,
    '',
  ];
  const emit = (s: FixStatement, suffix = '') => {
    L.push(`-- ${checkLabel(s.checks)}${suffix}`);
    for (const c of s.comments) L.push(`--   ${c}`);
    L.push(`${s.statement};`, '');
  };
  if (plan.notes.length) {
    L.push('-- Notes from the checks:');
    for (const n of plan.notes) L.push(`--   ${commentText(n.id)}: ${commentText(n.note)}`);
    L.push('');
  }
  L.push('-- ==== 1. Catalog changes (one transaction) ====', '');
  if (tx.length) {
    L.push('BEGIN;', '');
    for (const s of tx) emit(s);
    L.push('COMMIT;', '');
  } else L.push('-- (none)', '');
  L.push('-- ==== 2. Server settings: ALTER SYSTEM (cannot run inside a transaction block) ====', '');
  if (sys.length) {
    for (const s of sys) emit(s, s.needs === 'restart' ? ' [needs a restart]' : ' [needs a reload]');
    L.push('-- Settings above that take effect on reload (new sessions for some):', 'SELECT pg_reload_conf();', '');
    if (restart.length) {
      L.push('-- Requires a restart of the server to take effect (pg_ctl restart, systemctl restart ...):');
      for (const s of restart) L.push(`--   ${s.setting} (${checkLabel(s.checks)})`);
      L.push('');
    }
  } else L.push('-- (none)', '');
  L.push('-- ==== 3. Manual items (not applied by this script) ====', '');
  if (plan.manual.length) {
    for (const m of plan.manual) {
      L.push(`-- ${commentText(m.id)}: ${commentText(m.title)}`, `--   manual: ${commentText(m.reason)}`);
      if (m.suggestion) {
        const lines = `${m.suggestion};`.split(/\r?\n/);
        for (const line of lines) L.push(`--   ${line.replace(/[\u0000-\u001f\u007f]/g, ' ')}`);
      }
      L.push('');
    }
  } else L.push('-- (none)', '');
  if (plan.undefinedFixes.length) {
    L.push('-- ==== 4. Failing checks without a fix: follow the recommendation in the report ====', '');
    for (const u of plan.undefinedFixes) L.push(`-- ${commentText(u.id)}: ${commentText(u.title)} (${u.status})`);
    L.push('');
  }
  if (plan.nothingToDo.length) {
    L.push('-- ==== 5. Failing at audit time, nothing to change now (fixed since?) ====', '');
    for (const u of plan.nothingToDo) L.push(`-- ${commentText(u.id)}: ${commentText(u.title)}`);
    L.push('');
  }
  return `${L.join('\n').replace(/\n+$/, '')}\n`;
}
