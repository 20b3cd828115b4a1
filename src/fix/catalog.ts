// The fixes of the built-in catalog for `sec-check fix`: dist/catalog/fixes.json (compiled from
// check.json "fix") and the fix queries beside it, checked against the hashes compiled into the
// CLI before use.
import { dirname, join } from 'node:path';
import type { FixCatalog } from '../core/fix-catalog.ts';
import { builtinConfigPath, builtinHashes, IntegrityError, verifyListed } from '../session/integrity.ts';
import { INPUT_CAPS, readInputText } from '../session/input-file.ts';

export class FixCatalogError extends Error {}

/** The built-in catalog's fixes.json and fix queries, checked against the hashes compiled into the CLI. */
export function loadFixCatalog(baseDir = dirname(builtinConfigPath())): { catalog: FixCatalog; baseDir: string; queries: Map<string, string> } {
  const file = join(baseDir, 'fixes.json');
  const hashes = builtinHashes();
  let catalog: FixCatalog;
  try {
    catalog = JSON.parse(readInputText(file, INPUT_CAPS.document)) as FixCatalog;
  } catch (e) {
    throw new FixCatalogError(`cannot read the fixes of the built-in catalog (${file}): ${(e as Error).message}`);
  }
  if (catalog?.format !== 'sec_check-fixes' || catalog.format_version !== 1 || typeof catalog.checks !== 'object' || catalog.checks === null) {
    throw new FixCatalogError(`${file}: not a sec_check-fixes document (format_version 1)`);
  }
  const files = ['fixes.json', ...Object.values(catalog.checks).flatMap((f) => (f.query ? [f.query] : []))];
  if (hashes) {
    const expected: Record<string, string> = {};
    for (const f of files) {
      if (!hashes[f]) throw new IntegrityError(`built-in catalog: ${join(baseDir, f)} is not part of this build`);
      expected[f] = hashes[f];
    }
    const problems = verifyListed(baseDir, expected, 'built-in catalog');
    if (problems.length) throw new IntegrityError(problems[0]);
  }
  const queries = new Map<string, string>();
  for (const [id, f] of Object.entries(catalog.checks)) {
    if (!f.query) continue;
    try {
      queries.set(id, readInputText(join(baseDir, f.query), INPUT_CAPS.document));
    } catch (e) {
      throw new FixCatalogError(`cannot read the fix query of ${id} (${join(baseDir, f.query)}): ${(e as Error).message}`);
    }
  }
  return { catalog, baseDir, queries };
}
