// The words every layer shares: check statuses, severities, where a run happens and why a
// check was skipped. Each list is defined here only; the core, the catalog compiler, the
// report renderers and the tests import it (schema/*.json repeat the enums for editors, and
// test/unit/vocabulary.test.ts keeps them equal). Adding a value is a one-line change.

/** Outcome of one check in a report, best first. */
export const STATUSES = ['Success', 'Info', 'Warning', 'Error', 'Failed', 'Skipped'] as const;
export type Status = (typeof STATUSES)[number];

/** What a Lua validator may return: every status except Skipped, which only the engine decides. */
export const VALIDATOR_STATUSES = ['Success', 'Info', 'Warning', 'Error', 'Failed'] as const satisfies readonly Status[];
export type ValidatorStatus = (typeof VALIDATOR_STATUSES)[number];

/** Statuses that are findings — what sec_check.findings tracks, the channel delivers and a
 *  waiver can excuse: Failed (could not verify) is never a pass, Info judges nothing. */
export const FINDING_STATUSES: ReadonlySet<Status> = new Set<Status>(['Warning', 'Error', 'Failed']);

/** Why the engine did not run a check (or one of its executors). */
export const SKIP_REASONS = [
  'version', // no script of the check applies to this server version
  'host_agent_required', // a shell executor, run where there is no shell
  'deadline', // the run's time budget was spent before the check started
  'not_applicable_managed', // managed profile: a host check, the provider runs the host
  'insufficient_privilege', // on a Failed result: could not verify, the role lacks a named privilege
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The only reason a Failed (could not verify) result may carry; Skipped results carry any. */
export const FAILED_REASONS = ['insufficient_privilege'] as const satisfies readonly SkipReason[];

/** How an audit treats the host: `auto` detects a managed service (RDS, Cloud SQL, Azure). */
export const PROFILES = ['auto', 'managed', 'self-hosted'] as const;
export type Profile = (typeof PROFILES)[number];

/** Managed services the engine recognizes by their roles and parameter names. */
export const PROVIDERS = ['aws', 'gcp', 'azure'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Check severity, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The JavaScript engine that ran the audit. */
export const RUNTIMES = ['pljs', 'plv8', 'node'] as const;
export type Runtime = (typeof RUNTIMES)[number];
/** Runtimes inside the database (synchronous queries, no shell). */
export type DbRuntime = Exclude<Runtime, 'node'>;

/** Where the run was started: inside the database, or by the CLI/host agent. */
export const ORIGINS = ['database', 'agent'] as const;
export type Origin = (typeof ORIGINS)[number];

/** Languages every message of a pack is written in. */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/** Whether a string is one of a vocabulary list (narrows its type). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
