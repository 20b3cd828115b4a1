// The shapes of the files a check author writes (checks/**) and of the pack the catalog
// compiler writes (dist/catalog/config.json). schema/check.schema.json and
// schema/group.schema.json describe the same check.json and group.json for editors; the
// build validates every file against them before reading it as these types.
import type { Locale, Severity } from '../src/core/vocabulary.ts';
import type { FixCatalog, FixEntry } from '../src/core/fix-catalog.ts';
import type { Framework } from '../src/core/compliance/framework.ts';

export type { FixCatalog, FixEntry };

/** An executor or validator reference in check.json; versions as parseBound reads them. */
export interface ScriptEntry {
  script: string;
  min_ver?: string;
  max_ver?: string;
}

/** checks/<group>/<id>/check.json */
export interface CheckJson {
  $schema?: string;
  id: string;
  name: string;
  description: string;
  severity: Severity;
  cis: string | null;
  reads: string;
  order?: number;
  executors: ScriptEntry[];
  validators: ScriptEntry[];
  /** Facts the validators read (facts.<id>); facts the SQL includes are added by the compiler. */
  facts?: string[];
  fix?: FixJson;
}

/** checks/_facts/<id>/fact.json (schema/fact.schema.json; docs/architecture.md, Facts). */
export interface FactJson {
  $schema?: string;
  id: string;
  description: string;
  reads: string;
  columns: [string, string][];
  executors: ScriptEntry[];
  derive?: string | null;
  /** facts its deriver reads (those its SQL includes are found by the compiler) */
  facts?: string[];
}

/** A fact in the compiled pack (config.json "facts"). */
export interface PackFact {
  id: string;
  description: string;
  reads: string;
  columns: [string, string][];
  executors: PackScriptRef[];
  derive: string | null;
  /** the facts it reads, each listed earlier in "facts" (its SQL includes and fact.json "facts") */
  facts?: string[];
}

/** check.json "fix": exactly one of settings, script, manual (docs/architecture.md, "Fix scripts"). */
export interface FixJson {
  /** setting name → safe value (as pg_settings.setting shows it); compiled into a fix query. */
  settings?: Record<string, string>;
  /** a SELECT in the folder returning (statement, comment, manual) rows. */
  script?: string;
  /** why there is no statement: printed in the manual section. */
  manual?: string;
  note?: string;
}

/** A text in every language of the catalog. */
export type Localized = Record<Locale, string>;

/** checks/<group>/group.json */
export interface GroupJson {
  $schema?: string;
  header: Localized;
  description: Localized;
  order: number;
}

/** checks/catalog.json: the report header of the built-in pack and the intro of docs/checks.md. */
export interface CatalogJson {
  header: string;
  report_name: string;
  description: string;
  /** Paragraphs (markdown) printed under the summary line of docs/checks.md. */
  doc_intro: string[];
}

/** checks/<group>/<id>/messages.json: key → text per language. */
export type MessagesJson = Record<string, Localized>;

/** A script reference in the compiled pack (pg_sec_check format: bounds always present). */
export interface PackScriptRef {
  script: string;
  min_ver: string;
  max_ver: string;
}

export interface PackItem {
  name: string;
  description: string;
  id: string;
  severity: Severity;
  cis: string | null;
  reads: string;
  executors: PackScriptRef[];
  validators: PackScriptRef[];
  /** Facts this check reads (absent when none). */
  facts?: string[];
}

export interface PackSection {
  header: string;
  description: string;
  items: PackItem[];
}

/** dist/catalog/config.json */
export interface PackConfig {
  header: string;
  report_name: string;
  description: string;
  section: Record<string, PackSection>;
  /** Shared effective-state queries, read once per run (an extension of pg_sec_check's format). */
  facts?: PackFact[];
  /** Compliance frameworks mapped to these checks (frameworks/<id>/framework.json). */
  frameworks?: Framework[];
}

/** What compileCatalog returns: the pack config plus what docs/checks.md needs beside it. */
export interface CompiledCatalog {
  config: PackConfig;
  checkCount: number;
  /** catalog.json's doc_intro. */
  docIntro: string[];
  /** doc.md of the check folders that have one, in report order. */
  docNotes: { id: string; text: string }[];
  /** check id → its fix (fixes.json), for the fix table of docs/checks.md. */
  fixes: Record<string, FixEntry>;
  /** fact id → the checks that read it, for docs/checks.md. */
  factUsers?: Map<string, string[]>;
  /** The compiled frameworks, for docs/frameworks.md. */
  frameworks?: Framework[];
}
