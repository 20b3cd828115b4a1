// Compiles pii/<rule_id>/{rule.json,messages.json} into one bundle the engine imports
// (src/core/pii/rules.generated.json, not committed). Every problem names the file and
// field; adding a rule touches one folder.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaProblems } from './schema-check.ts';
import { DETECTORS } from '../src/core/pii/detectors.ts';
import { SECRET_PATTERNS, prefilterRegex } from '../src/core/secrets/patterns.ts';
import type { PiiBundle, PiiRule } from '../src/core/pii/rules.ts';

export const PII_BUNDLE_PATH = 'src/core/pii/rules.generated.json';

function readJson(path: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`${path}: not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

/** The bundle of every rule under dir, or an Error listing all problems. */
export function compilePii(dir = 'pii', schemaDir = 'schema'): PiiBundle {
  const problems: string[] = [];
  const rules: PiiRule[] = [];
  const folders = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory()).sort();
  for (const folder of folders) {
    const rulePath = join(dir, folder, 'rule.json');
    const msgPath = join(dir, folder, 'messages.json');
    if (!existsSync(rulePath)) { problems.push(`${rulePath}: missing`); continue; }
    if (!existsSync(msgPath)) { problems.push(`${msgPath}: missing (every rule needs en and ru texts)`); continue; }
    const rule = readJson(rulePath, problems) as Record<string, unknown> | undefined;
    const messages = readJson(msgPath, problems) as { title: Record<string, string>; description: Record<string, string> } | undefined;
    if (rule === undefined || messages === undefined) continue;
    const p = [
      ...schemaProblems(join(schemaDir, 'pii-rule.schema.json'), rule, rulePath),
      ...schemaProblems(join(schemaDir, 'pii-messages.schema.json'), messages, msgPath),
    ];
    if (p.length) { problems.push(...p); continue; }
    if (rule.id !== folder) problems.push(`${rulePath}: id: expected the folder name ${JSON.stringify(folder)}, found ${JSON.stringify(rule.id)}`);
    if (!(String(rule.detector) in DETECTORS)) {
      problems.push(`${rulePath}: detector: expected one of ${Object.keys(DETECTORS).join(', ')}, found ${JSON.stringify(rule.detector)}`);
    }
    // the secret detectors' prefilter is the anchors of their patterns (one set with secrets_in_catalog)
    const secret = SECRET_PATTERNS.some((s) => s.pii === rule.detector);
    if (secret && rule.prefilter !== undefined) problems.push(`${rulePath}: prefilter: the ${String(rule.detector)} detector's prefilter comes from src/core/secrets/patterns.json; remove it`);
    if (!secret && rule.prefilter === undefined) problems.push(`${rulePath}: prefilter: required (a regex a value must match before the detector runs)`);
    if (secret) rule.prefilter = prefilterRegex(SECRET_PATTERNS.filter((s) => s.pii === rule.detector));
    for (const [field, list] of [['prefilter', [rule.prefilter]], ['column_name_patterns', rule.column_name_patterns as string[]]] as const) {
      (list as string[]).forEach((re, i) => {
        try { new RegExp(re, 'i'); } catch (e) {
          problems.push(`${rulePath}: ${field}${field === 'prefilter' ? '' : `[${i}]`}: not a valid regex ${JSON.stringify(re)} (${(e as Error).message})`);
        }
      });
    }
    if ((rule.hinted_min_ratio as number) > (rule.min_ratio as number)) {
      problems.push(`${rulePath}: hinted_min_ratio: expected at most min_ratio (${rule.min_ratio}), found ${rule.hinted_min_ratio}`);
    }
    const { $schema: _ignored, ...fields } = rule;
    rules.push({
      ...(fields as unknown as Omit<PiiRule, 'messages'>),
      messages: {
        en: { title: messages.title.en, description: messages.description.en },
        ru: { title: messages.title.ru, description: messages.description.ru },
      },
    });
  }
  if (rules.length === 0 && problems.length === 0) problems.push(`${dir}: no rules`);
  if (problems.length) throw new Error(`PII rules:\n  ${problems.join('\n  ')}`);
  return { format_version: 1, rules };
}

export function writePiiBundle(bundle: PiiBundle, path = PII_BUNDLE_PATH): void {
  writeFileSync(path, JSON.stringify(bundle, null, 1) + '\n');
}
