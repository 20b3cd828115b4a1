// The findings of a config audit (a sec_check report) as channel rows. A finding is a result
// that is Warning, Error or Failed — the statuses sec_check.findings tracks: Failed (could
// not verify) is never a pass; Success passed; Info judges nothing; Skipped was not evaluated.
import type { Report } from '../core/report.ts';
import { FINDING_STATUSES } from '../core/vocabulary.ts';
import { withKey } from './key.ts';
import type { ChannelFinding } from './types.ts';
import { maskSecrets } from '../session/secret-mask.ts';


/** "host:port/database" of an audited server, e.g. "db1.example:5432/app" (a password a host or database string shows is masked: this goes to the spool and the table). */
export function databaseLabel(host: string, port: number, database: string): string {
  return maskSecrets(`${host}:${port}/${database}`);
}

export function reportFindings(report: Report, opts: { database: string; lsn: string; detectedAt?: string }): ChannelFinding[] {
  const detected_at = new Date(opts.detectedAt ?? report.run.started_at).toISOString();
  return report.results
    .filter((r) => FINDING_STATUSES.has(r.status))
    .map((r) => withKey({
      database: opts.database,
      rule_id: r.check_id ?? `${r.section}/${r.name}`,
      description: r.description || r.name,
      category: r.section,
      severity: r.severity ?? 'unknown',
      // config checks judge a server or database setting: no object of their own
      schema_name: '',
      table_name: '',
      column_name: '',
      masked_sample: '',
      primary_key: {},
      lsn: opts.lsn,
      detected_at,
    }));
}
