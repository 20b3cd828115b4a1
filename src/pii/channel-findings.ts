// PII findings as findings-channel rows (src/channel): the channel's own row type and key.
import type { PiiScanDocument } from '../core/pii/scan.ts';
import piiRules from '../core/pii/rules.generated.json';
import { withKey } from '../findings-channel/key.ts';
import type { ChannelFinding } from '../findings-channel/types.ts';

export interface ChannelContext {
  /** The scanned server and database as the channel stores it ("host:port/db", databaseLabel). */
  database: string;
  /** The LSN at scan time, decimal (SELECT (pg_current_wal_lsn() - '0/0')::text). */
  lsn: string;
  /** Defaults to the scan's finished_at. */
  detectedAt?: string;
  locale?: 'en' | 'ru';
}

/** One channel finding per PII finding: the object is the column, with its masked sample and
 *  the sampled row's primary key; the key is the channel's (src/findings-channel/key.ts). */
export function piiChannelFindings(doc: PiiScanDocument, ctx: ChannelContext): ChannelFinding[] {
  if (!/^\d+$/.test(ctx.lsn)) throw new Error(`lsn: expected a decimal number, found ${JSON.stringify(ctx.lsn)}`);
  const locale = ctx.locale ?? 'en';
  const rules = piiRules.rules as { id: string; messages: Record<string, { title: string; description: string }> }[];
  const detected_at = new Date(ctx.detectedAt ?? doc.finished_at).toISOString();
  return doc.findings.map((f) => {
    const text = rules.find((r) => r.id === f.rule_id)?.messages[locale];
    return withKey({
      database: ctx.database,
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
      detected_at,
    });
  });
}
