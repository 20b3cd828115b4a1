// A framework's verdict per control, from the checks' verdicts of one audited database (a
// report's results in Node; check_state in the database, where sec_check.compliance_status
// states the same rules in SQL and test/integration/compliance-twin.test.ts keeps the two
// equal). docs/verdicts.md, "Compliance controls", is the rule book:
//   fail              a deciding check is Warning or Error (waived: every one of them is waived)
//   could_not_verify  else a deciding check is Failed, missing, or Skipped for a reason other
//                     than version / not_applicable_managed — never a pass
//   not_applicable    else every deciding check was Skipped as not applicable
//   manual            no check decides it, or what is left is review-only (Info)
//   attested          manual, the control names its evidence, and a person's attestation is in force
//   pass              otherwise: at least one Success and nothing worse
// score = pass / (pass + fail + could_not_verify); manual, attested and not applicable are not judged.
import type { Status } from '../vocabulary.ts';
import { attestable, type Control, type Framework } from './framework.ts';

export const CONTROL_STATUSES = ['pass', 'fail', 'could_not_verify', 'manual', 'attested', 'not_applicable'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** Skip reasons that mean "does not apply here" rather than "was not verified". */
export const NOT_APPLICABLE_REASONS: readonly string[] = ['version', 'not_applicable_managed'];

/** One check's verdict as the compliance section shows it. */
export interface CheckVerdict {
  check_id: string;
  /** null: the check has no verdict in what was evaluated (not run, or not in the pack) */
  status: Status | null;
  skip_reason: string | null;
  /** the verdict's short text (rich text, as in the report) */
  short_description: string | null;
  waived: boolean;
}

/** A person's statement that a manual control holds (sec_check.attest), while in force. */
export interface Attestation {
  framework: string;
  control_id: string;
  /** the database it covers; null = every database */
  scope: string | null;
  attested_by: string;
  note: string;
  expires_at: string;
  recorded_by?: string;
  recorded_at?: string;
}

export interface ControlResult {
  id: string;
  title: string;
  level: string | null;
  assessment: string | null;
  status: ControlStatus;
  /** a failing control whose failing checks are all waived: still a fail, marked */
  waived: boolean;
  checks: CheckVerdict[];
  /** the evidence a person attaches (attestable controls) */
  manual: string | null;
  attestation: Attestation | null;
}

export interface ComplianceScore { passed: number; judged: number; percent: number | null }

/** The compliance section of a report for one framework (report JSON "compliance" items). */
export interface ComplianceSection {
  framework: { id: string; title: string; version: string; publisher: string };
  scope: string;
  counts: Record<ControlStatus, number>;
  score: ComplianceScore;
  controls: ControlResult[];
}

/** The verdict of one control from its checks' verdicts. */
export function controlStatus(control: Control, verdicts: Pick<CheckVerdict, 'status' | 'skip_reason' | 'waived'>[], attested: boolean): { status: ControlStatus; waived: boolean } {
  const manual = (): ControlStatus => (attested && attestable(control) ? 'attested' : 'manual');
  if (verdicts.length === 0) return { status: manual(), waived: false };
  const failing = verdicts.filter((v) => v.status === 'Warning' || v.status === 'Error');
  if (failing.length) return { status: 'fail', waived: failing.every((v) => v.waived) };
  const notApplicable = (v: (typeof verdicts)[number]) => v.status === 'Skipped' && NOT_APPLICABLE_REASONS.includes(v.skip_reason ?? '');
  if (verdicts.some((v) => v.status === null || v.status === 'Failed' || (v.status === 'Skipped' && !notApplicable(v)))) {
    return { status: 'could_not_verify', waived: false };
  }
  if (verdicts.every(notApplicable)) return { status: 'not_applicable', waived: false };
  if (verdicts.some((v) => v.status === 'Info')) return { status: manual(), waived: false };
  return { status: 'pass', waived: false };
}

export function complianceScore(counts: Record<ControlStatus, number>): ComplianceScore {
  const judged = counts.pass + counts.fail + counts.could_not_verify;
  return { passed: counts.pass, judged, percent: judged ? Math.floor((counts.pass / judged) * 1000) / 10 : null };
}

/** What evaluateFramework needs of a check's verdict (a report result). */
export interface ResultLike {
  check_id: string | null;
  status: Status;
  skip_reason: string | null;
  short_description: string;
}

/**
 * The compliance section of one framework over the results of one database (`scope`).
 * `isWaived` says whether a failing result is under a waiver in force; attestations are
 * those of the server (expired ones are ignored here too).
 */
export function evaluateFramework(framework: Framework, results: ResultLike[], opts: {
  scope: string;
  isWaived?: (r: ResultLike) => boolean;
  attestations?: Attestation[];
  now?: Date;
}): ComplianceSection {
  const byId = new Map<string, ResultLike>();
  for (const r of results) if (r.check_id !== null && !byId.has(r.check_id)) byId.set(r.check_id, r);
  const now = (opts.now ?? new Date()).getTime();
  const counts = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
  const controls = framework.controls.map((control): ControlResult => {
    const checks = control.checks.map((id): CheckVerdict => {
      const r = byId.get(id);
      if (!r) return { check_id: id, status: null, skip_reason: null, short_description: null, waived: false };
      const failing = r.status === 'Warning' || r.status === 'Error' || r.status === 'Failed';
      return { check_id: id, status: r.status, skip_reason: r.skip_reason, short_description: r.short_description, waived: failing && Boolean(opts.isWaived?.(r)) };
    });
    // the attestation for this database wins over one for every database; the newest expiry first
    const attestation = (opts.attestations ?? [])
      .filter((a) => a.framework === framework.id && a.control_id === control.id && (a.scope === null || a.scope === opts.scope)
        && Date.parse(a.expires_at) > now)
      .sort((a, b) => Number(a.scope === null) - Number(b.scope === null) || Date.parse(b.expires_at) - Date.parse(a.expires_at))[0] ?? null;
    const { status, waived } = controlStatus(control, checks, attestation !== null);
    counts[status]++;
    return {
      id: control.id, title: control.title, level: control.level ?? null, assessment: control.assessment ?? null,
      status, waived, checks, manual: control.manual ?? null,
      attestation: status === 'attested' ? attestation : null,
    };
  });
  return {
    framework: { id: framework.id, title: framework.title, version: framework.version, publisher: framework.publisher },
    scope: opts.scope,
    counts,
    score: complianceScore(counts),
    controls,
  };
}
