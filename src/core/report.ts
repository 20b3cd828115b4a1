// The report document (format_version 1): the one result every host produces and every
// renderer reads. docs/architecture.md and schema/report-v1.schema.json describe it.

import type { ComplianceSection } from './compliance/evaluate.ts';
import { STATUSES, type Origin, type Profile, type Provider, type Runtime, type Severity, type SkipReason, type Status } from './vocabulary.ts';

// The renderers import these from here with the rest of the report model.
export { STATUSES, type SkipReason, type Status };

export interface ExecutorOutput {
  script: string;
  kind: 'sql' | 'shell';
  rows?: Record<string, unknown>[];
  stdout?: string;
  stderr?: string;
  return_code?: number;
  error?: string | null;
  skipped?: SkipReason;
  duration_ms?: number;
}

export interface CheckResult {
  section: string;
  check_id: string | null;
  name: string;
  description: string;
  severity: Severity | null;
  cis: string | null;
  status: Status;
  skip_reason: SkipReason | null;
  short_description: string;
  full_description: string;
  recommendation: string;
  executors: ExecutorOutput[];
  duration_ms: number;
  /** Fix-first order (src/core/priority.ts): 0 = nothing to do, higher first. Optional in
   *  format_version 1 (older documents lack it; readers compute it when absent). */
  priority?: number;
  /** Current-state reports: the stored run this verdict came from and when it finished. */
  run_id?: number;
  checked_at?: string;
  /** A failing result (Warning, Error, Failed) under a waiver in force when the report was
   *  written (sec_check.waive): it keeps its status, and the renderers show it as waived. */
  waiver?: ResultWaiver;
}

/** The waiver that covers a result: its reason, expiry and the database it is limited to. */
export interface ResultWaiver {
  reason: string;
  expires_at: string;
  /** the database the waiver is limited to; null = every database */
  scope: string | null;
}

/** Where a value that decides what is stored, purged or judged came from. */
export type ConfigSource = 'sec_check.config' | 'default' | 'option';

/** The current state of a database (sec_check.current_report_json): every check's latest
 *  verdict in the pack, each from the run named on the result. */
export interface CurrentState {
  scope: string;
  pack: string;
  as_of: string;
  runs: number[];
  oldest_checked_at: string | null;
  newest_checked_at: string | null;
  /** checks whose verdict came from runs the reader may not see (row-level security) */
  hidden: number;
}

export interface ServerInfo {
  version: string;
  version_num: number;
  database: string;
  host: string | null;
  port: number | null;
}

export interface Report {
  format: 'sec_check-report';
  format_version: 1;
  tool: { name: 'sec_check'; version: string; build_id: string };
  report: { header: string; report_name: string; description: string };
  run: {
    id: number | null;
    origin: Origin;
    runtime: Runtime;
    started_at: string;
    finished_at: string;
    duration_ms: number;
    locale: string;
    groups: string[] | null;
    run_by: string;
    /** The pack that ran: stored runs (the database) and CLI runs. */
    pack?: { name: string; sha256: string | null } | null;
    /** CLI runs: whether the pack's files were checked against compiled-in hashes or a manifest. */
    integrity?: 'verified' | 'unverified';
    /** How host checks were treated: the profile asked for, the one applied, the managed
     *  service detected (null when none). */
    profile?: { requested: Profile; applied: Exclude<Profile, 'auto'>; provider: Provider | null;
                /** where `requested` came from; what showed the provider (e.g. "role rds_superuser") */
                source?: ConfigSource; detected_by?: string | null };
    /** The facts this run read once for its checks (absent when none): rows or the error. */
    facts?: { id: string; script: string | null; rows: number | null; duration_ms: number; error: string | null }[];
    /** Stored runs: the installation settings in force when the server stored the run. */
    config?: Record<string, { value: string | null; source: ConfigSource }>;
    /** Present on a current-state report instead of a single run's facts. */
    current_state?: CurrentState;
    server: ServerInfo;
  };
  sections: { key: string; header: string; description: string }[];
  summary: { total: number; by_status: Record<Status, number> };
  results: CheckResult[];
  /** `--framework`: one section per framework, each control's verdict from these results. */
  compliance?: ComplianceSection[];
  /** `--sign KEY`: an Ed25519 signature over the canonical JSON of the rest of the document. */
  signature?: ReportSignature;
}

/** The signature block of a signed report (docs/signed-reports.md). */
export interface ReportSignature {
  algorithm: 'Ed25519';
  /** how the signed bytes are made from the document without this field */
  canonicalization: 'JCS (RFC 8785)';
  /** sha256 (hex) of the canonical JSON that was signed: the fingerprint the HTML page shows */
  document_sha256: string;
  /** "SHA256:" + base64 of the sha256 of the public key (DER, SubjectPublicKeyInfo) */
  key_fingerprint: string;
  /** base64 of the 64-byte signature */
  value: string;
  signed_at: string;
}

export function summarize(results: CheckResult[]): Report['summary'] {
  const by_status = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of results) by_status[r.status]++;
  return { total: results.length, by_status };
}
