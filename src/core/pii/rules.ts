// PII rules are data (pii/<rule_id>/rule.json + messages.json, validated against
// schema/pii-rule.schema.json and bundled by build/compile-pii.ts); this is their compiled
// shape and the code that turns them into matchers.
import { DETECTORS, type Detector } from './detectors.ts';

/** Categories a rule may declare (mirrored in schema/pii-rule.schema.json; a unit test
 *  asserts the two are equal). */
export const PII_CATEGORIES = [
  'email', 'phone', 'payment_card', 'iban', 'inn', 'snils', 'passport_ru', 'ssn', 'ip_address', 'secret', 'password_hash',
] as const;
export type PiiCategory = (typeof PII_CATEGORIES)[number];

/** Column kinds the sampler reads: text-like types, json/jsonb (string leaves), int8/numeric. */
export const COLUMN_KINDS = ['text', 'json', 'number'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export interface PiiRuleText { title: string; description: string }

/** One rule as bundled by the build. */
export interface PiiRule {
  id: string;
  category: PiiCategory;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  /** Case-insensitive regexes over the column name: a hint that lowers the ratio needed, never
   *  a finding on its own. */
  column_name_patterns: string[];
  detector: string;
  /** Cheap regex a value must match before the detector runs. */
  prefilter: string;
  /** Column kinds the rule applies to. */
  applies_to: ColumnKind[];
  /** Matching sampled values needed for a finding. */
  min_matches: number;
  /** Share of non-null sampled values that must match (0 = any min_matches suffice). */
  min_ratio: number;
  /** The share when the column name matches a pattern. */
  hinted_min_ratio: number;
  messages: { en: PiiRuleText; ru: PiiRuleText };
}

export interface PiiBundle { format_version: 1; rules: PiiRule[] }

export interface CompiledRule {
  rule: PiiRule;
  detect: Detector;
  prefilter: RegExp;
  names: RegExp[];
}

export function compileRules(bundle: PiiBundle): CompiledRule[] {
  return bundle.rules.map((rule) => {
    const detect = DETECTORS[rule.detector];
    if (!detect) throw new Error(`pii rule ${rule.id}: unknown detector ${JSON.stringify(rule.detector)}`);
    return {
      rule,
      detect,
      prefilter: new RegExp(rule.prefilter),
      names: rule.column_name_patterns.map((p) => new RegExp(p, 'i')),
    };
  });
}
