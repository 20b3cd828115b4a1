// The compliance sections of a report: each framework evaluated over the report's results
// for its database, with the server's waivers and attestations. The report keeps every
// result's real status (waived failures stay failures, marked), as the run's own results do.
import { evaluateFramework, type Attestation, type ComplianceSection } from '../core/compliance/evaluate.ts';
import type { Framework } from '../core/compliance/framework.ts';
import type { CheckResult, Report } from '../core/report.ts';
import { waiverFor, type Waiver } from '../session/waivers.ts';

export function complianceSections(report: Report, frameworks: Framework[], opts: { waivers: Waiver[]; attestations: Attestation[]; now?: Date }): ComplianceSection[] {
  const scope = report.run?.server?.database ?? '';
  return frameworks.map((fw) => evaluateFramework(fw, report.results, {
    scope,
    isWaived: (r) => waiverFor(r as CheckResult, scope, opts.waivers) !== undefined,
    attestations: opts.attestations,
    now: opts.now,
  }));
}

/** One console line per framework: score and counts. */
export function complianceLines(sections: ComplianceSection[]): string[] {
  return sections.map((s) => {
    const c = s.counts;
    const score = s.score.percent === null ? 'n/a' : `${s.score.percent}% (${s.score.passed}/${s.score.judged})`;
    return `compliance ${s.framework.id}: score ${score}; ${c.pass} pass, ${c.fail} fail, ${c.could_not_verify} could not verify, ${c.manual} manual, ${c.attested} attested, ${c.not_applicable} not applicable`;
  });
}
