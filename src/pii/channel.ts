// PII findings in the findings channel's shape (the channel helper defines the same
// interface in src/channel/types.ts; `sec-check pii --channel` is wired at merge).
import type { PiiScanDocument } from '../core/pii/scan.ts';
import piiRules from '../core/pii/rules.generated.json';

export interface ChannelFinding {
  key: string;
  database: string;
  rule_id: string;
  description: string;
  category: string;
  severity: string;
  schema_name: string;
  table_name: string;
  column_name: string;
  masked_sample: string;
  primary_key: Record<string, unknown>;
  /** pg_current_wal_lsn() - '0/0' as a decimal string */
  lsn: string;
  /** ISO time */
  detected_at: string;
}

export interface ChannelContext {
  /** The LSN at scan time, decimal (SELECT (pg_current_wal_lsn() - '0/0')::text). */
  lsn: string;
  /** Defaults to the scan's finished_at. */
  detectedAt?: string;
  locale?: 'en' | 'ru';
}

/** One channel finding per PII finding. The key is stable across scans of the same column
 *  and rule (database/schema/table/column/rule), so a receiver can deduplicate. */
export function piiChannelFindings(doc: PiiScanDocument, ctx: ChannelContext): ChannelFinding[] {
  if (!/^\d+$/.test(ctx.lsn)) throw new Error(`lsn: expected a decimal number, found ${JSON.stringify(ctx.lsn)}`);
  const locale = ctx.locale ?? 'en';
  const rules = piiRules.rules as { id: string; messages: Record<string, { title: string; description: string }> }[];
  return doc.findings.map((f) => {
    const text = rules.find((r) => r.id === f.rule_id)?.messages[locale];
    return {
      key: ['pii', doc.database, f.schema_name, f.table_name, f.column_name, f.rule_id].map((p) => encodeURIComponent(p)).join('/'),
      database: doc.database,
      rule_id: f.rule_id,
      description: text ? `${text.title}: ${text.description}` : f.rule_id,
      category: f.category,
      severity: f.severity,
      schema_name: f.schema_name,
      table_name: f.table_name,
      column_name: f.column_name,
      masked_sample: f.masked_sample,
      primary_key: f.primary_key,
      lsn: ctx.lsn,
      detected_at: ctx.detectedAt ?? doc.finished_at,
    };
  });
}
