// `sec-check hba --findings`: the three hba checks of the built-in catalog (integrity-verified
// like `run`), run through the normal engine on pg_hba_file_rules or, with a file, on the
// file's rows, so the validators and texts are the catalog's.
import type pg from 'pg';
import type { CompiledPack } from '../core/pack.ts';
import type { CheckResult } from '../core/report.ts';
import { hbaRulesFactRows, type HbaFileRule } from '../core/hba/parse.ts';
import { auditWithNode } from '../runtime/node.ts';
import type { PackSource } from '../session/pack-source.ts';
import { hbaServerFacts, readHbaFile } from './file.ts';

export const HBA_CHECKS = ['hba_shadowed_lines', 'hba_remote_trust', 'hba_weak_effective_method'];

export interface HbaFinding { check_id: string; status: string; short_description: string; full_description: string; rows: Record<string, unknown>[] }

/** The report's HTML-flavoured text for a terminal: tags dropped, the five entities decoded. */
export const plain = (html: string) => html.replace(/<\/p>\s*<p>/g, ' ').replace(/<[^>]*>/g, '')
  .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');

/** The findings of the three checks (`compiled`: the pack, compiled before connecting); `fileRows` when read from `hbaFile`. */
export async function hbaFindings(client: pg.Client, source: Pick<PackSource, 'pack' | 'provenance'>, compiled: CompiledPack, hbaFile: string | undefined): Promise<{ results: HbaFinding[]; fileRows?: HbaFileRule[] }> {
  const sections = compiled.sections
    .map((s) => ({ ...s, items: s.items.filter((i) => i.id !== null && HBA_CHECKS.includes(i.id)) }))
    .filter((s) => s.items.length > 0);
  let fileRows: HbaFileRule[] | undefined;
  // the file path gives the fact hba_rules (the lines) from the parsed file: every fact and
  // check that reads it is computed from these rows, with the same queries as for the view
  let givenFacts: Record<string, Record<string, unknown>[]> | undefined;
  if (hbaFile !== undefined) {
    fileRows = readHbaFile(hbaFile, await hbaServerFacts(client));
    givenFacts = { hba_rules: hbaRulesFactRows(fileRows) };
  }
  const report = await auditWithNode(client, source.pack, { compiled: { ...compiled, sections }, hostChecks: false, provenance: source.provenance, givenFacts });
  const results = report.results.filter((r: CheckResult) => HBA_CHECKS.includes(String(r.check_id))).map((r: CheckResult) => ({
    check_id: String(r.check_id), status: r.status, short_description: r.short_description, full_description: r.full_description,
    rows: r.executors[0]?.rows ?? [],
  }));
  return { results, fileRows };
}
