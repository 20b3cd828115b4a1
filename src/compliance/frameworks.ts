// `--framework LIST` of run and report: each item is the id of a framework the pack carries
// (the built-in catalog: cis-pg17, stig-pg16) or a framework.json file of one's own (a path:
// it contains a slash or ends in .json). Resolved and checked against the pack's checks before
// anything connects: an unknown id, a bad file or a control naming a check the pack does not
// have is one line and exit 2, and nothing is written.
import { checkFramework, type Framework } from '../core/compliance/framework.ts';
import type { CompiledPack } from '../core/pack.ts';
import { UsageError } from '../session/errors.ts';
import { INPUT_CAPS, readInputJson } from '../session/input-file.ts';

const OPTION = '--framework';

/** Whether an item of the list names a file rather than a framework id. */
export function isFrameworkFile(item: string): boolean {
  return item.includes('/') || item.toLowerCase().endsWith('.json');
}

export function resolveFrameworks(list: string[], compiled: CompiledPack): Framework[] {
  const checks = compiled.sections.flatMap((s) => s.items.map((i) => ({ id: i.id, cis: i.cis })));
  const out: Framework[] = [];
  for (const item of list) {
    let fw: Framework;
    if (isFrameworkFile(item)) {
      const { framework, problems } = checkFramework(readInputJson(item, INPUT_CAPS.settings * 4, `${OPTION} ${item}`), item, checks);
      if (!framework) throw new UsageError(`${OPTION}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}`);
      fw = framework;
    } else {
      const found = compiled.frameworks.find((f) => f.id === item);
      if (!found) {
        const known = compiled.frameworks.map((f) => f.id);
        throw new UsageError(`${OPTION}: unknown framework ${JSON.stringify(item)} (${known.length ? `this pack maps: ${known.join(', ')}` : 'this pack maps none'}; or give a framework.json file)`);
      }
      fw = found;
    }
    if (out.some((f) => f.id === fw.id)) throw new UsageError(`${OPTION}: framework ${JSON.stringify(fw.id)} given twice`);
    out.push(fw);
  }
  return out;
}
