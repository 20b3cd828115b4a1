// Capability-aware verdicts: which managed service the server is (and what showed it), the
// profile a run applies and where it came from, the provider's control a host check stands for there, and the
// privilege a permission error names. Texts are data (localizations/managed.json, en/ru).
import managedJson from '../../localizations/managed.json';
import { isOneOf, PROFILES, PROVIDERS, type Profile, type Provider } from './vocabulary.ts';

/**
 * What shows a managed service: the roles the provider creates in every instance, and
 * parameters its own modules define (rds.*, cloudsql.*, azure.*). Only settings listed in
 * pg_settings count: those are defined by a loaded module, which a role cannot fake. A
 * placeholder (`SET rds.force_ssl = 1`, a connection option) is not listed there and is
 * not read: any session could create one and so skip the host checks.
 */
const PROVIDER_EVIDENCE = `SELECT 1 AS o, 'aws' AS p, 'role ' || rolname AS what FROM pg_catalog.pg_roles WHERE rolname IN ('rds_superuser', 'rdsadmin')
   UNION ALL SELECT 2, 'aws', 'setting ' || name FROM pg_catalog.pg_settings WHERE name LIKE 'rds.%'
   UNION ALL SELECT 3, 'gcp', 'role ' || rolname FROM pg_catalog.pg_roles WHERE rolname IN ('cloudsqlsuperuser', 'cloudsqladmin')
   UNION ALL SELECT 4, 'gcp', 'setting ' || name FROM pg_catalog.pg_settings WHERE name LIKE 'cloudsql.%'
   UNION ALL SELECT 5, 'azure', 'role ' || rolname FROM pg_catalog.pg_roles WHERE rolname IN ('azure_pg_admin', 'azuresu')
   UNION ALL SELECT 6, 'azure', 'setting ' || name FROM pg_catalog.pg_settings WHERE name LIKE 'azure.%'`;

/** The owner's profile setting, read through a literal query_to_xml so the server query
 *  also parses where sec_check is absent or not readable by the auditing role (nested
 *  CASEs: to_regclass raises for a schema the role may not use). */
const CONFIGURED_PROFILE = `CASE WHEN pg_catalog.to_regnamespace('sec_check') IS NOT NULL AND pg_catalog.has_schema_privilege('sec_check', 'USAGE')
  THEN CASE WHEN pg_catalog.to_regclass('sec_check.effective_config') IS NOT NULL
             AND pg_catalog.has_table_privilege('sec_check.effective_config', 'SELECT')
       THEN query_to_xml('SELECT value, source FROM sec_check.effective_config WHERE name = ''profile''', false, true, '')::text END END`;

/**
 * Columns of the runner's server query: the managed service and what showed it, and the
 * profile the extension owner configured (sec_check.effective_config). Sessions cannot
 * choose the profile: the setting sec_check.profile is no longer read.
 */
export const PROVIDER_SQL = `(SELECT d.p FROM (${PROVIDER_EVIDENCE}) AS d ORDER BY d.o, d.what LIMIT 1) AS managed_provider,
  (SELECT d.what FROM (${PROVIDER_EVIDENCE}) AS d ORDER BY d.o, d.what LIMIT 1) AS managed_evidence,
  substring(${CONFIGURED_PROFILE} FROM '<value>([^<]*)</value>') AS profile_setting,
  substring(${CONFIGURED_PROFILE} FROM '<source>([^<]*)</source>') AS profile_source`;

export interface AppliedProfile {
  requested: Profile;
  applied: Exclude<Profile, 'auto'>;
  provider: Provider | null;
  /** where `requested` came from: --profile (option), the owner's setting, or the default */
  source: 'option' | 'sec_check.config' | 'default';
  /** what showed the provider, e.g. "role rds_superuser" or "setting rds.extensions" */
  detected_by: string | null;
}

/**
 * The profile a run applies: the caller's option (the CLI's own report), else the one the
 * extension owner configured, else auto; auto is managed exactly when a provider was
 * detected. A value outside the vocabulary is an error.
 */
export function resolveProfile(option: string | undefined, configured: unknown, detected: unknown,
                               evidence: unknown = null, configuredSource: unknown = 'sec_check.config'): AppliedProfile {
  const fromConfig = typeof configured === 'string' && configured !== '' && configuredSource === 'sec_check.config' ? configured : undefined;
  const asked = option ?? fromConfig ?? 'auto';
  if (!isOneOf(PROFILES, asked)) {
    const where = option !== undefined ? '--profile' : 'sec_check.effective_config (profile)';
    throw new Error(`${where}: expected one of ${PROFILES.join(', ')}, found ${JSON.stringify(asked)}`);
  }
  const provider = isOneOf(PROVIDERS, detected) ? detected : null;
  const applied = asked === 'auto' ? (provider ? 'managed' : 'self-hosted') : asked;
  const source = option !== undefined ? 'option' : fromConfig !== undefined ? 'sec_check.config' : 'default';
  return { requested: asked, applied, provider, source, detected_by: provider && typeof evidence === 'string' ? evidence : null };
}

type Lang = 'en' | 'ru';
const lang = (locale: string): Lang => (locale.toLowerCase().startsWith('ru') ? 'ru' : 'en');
const data = managedJson as unknown as {
  kinds: Record<string, string>;
  providers: Record<string, Record<Lang, string>>;
  controls: Record<Lang, Record<string, Record<string, string>>>;
};

/** The provider's name and the control that stands for a host check there. */
export function managedControl(checkId: string | null, provider: Provider | null, locale: string): { provider: string; control: string } {
  const l = lang(locale);
  const p = provider ?? 'unknown';
  const kind = (checkId && data.kinds[checkId]) || 'host';
  return { provider: data.providers[p][l], control: data.controls[l][kind]?.[p] ?? data.controls[l].host[p] };
}

/** SQLSTATE of "insufficient privilege". */
export const INSUFFICIENT_PRIVILEGE = '42501';

/** Catalog objects only a superuser reads unless granted. */
const SUPERUSER_ONLY = new Set(['pg_authid', 'pg_shadow', 'pg_hba_file_rules', 'pg_ident_file_mappings',
  'pg_file_settings', 'pg_user_mapping', 'pg_statistic', 'pg_subscription']);

/**
 * The privilege a permission error names, from the server's (English) message; a message in
 * another language gives the generic wording, the reason stays insufficient_privilege.
 */
export function missingPrivilege(message: string): string | null {
  let m = /must be superuser or have privileges of (?:the )?"?(pg_\w+)"?/i.exec(message)
    ?? /must be a member of (?:the )?"?(pg_\w+)"?/i.exec(message);
  if (m) return `${m[1]} (or superuser)`;
  if (/must be superuser/i.test(message)) return 'superuser';
  m = /permission denied for (table|view|relation|materialized view|sequence) "?([\w.]+)"?/i.exec(message);
  if (m) return SUPERUSER_ONLY.has(m[2].replace(/^pg_catalog\./, '')) ? `superuser (SELECT on ${m[2]})` : `SELECT on ${m[2]}`;
  m = /permission denied for function "?([\w.]+)"?/i.exec(message);
  if (m) {
    const fn = m[1].replace(/^pg_catalog\./, '');
    if (/^pg_(read_file|read_binary_file|stat_file|ls_dir)$/.test(fn)) return `pg_read_server_files (EXECUTE on ${fn})`;
    if (/^pg_ls_(logdir|waldir|tmpdir|archive_statusdir)$/.test(fn)) return `pg_monitor (EXECUTE on ${fn})`;
    return `EXECUTE on function ${fn}`;
  }
  m = /permission denied for (schema|database|language|foreign server|column) "?([\w.]+)"?/i.exec(message);
  if (m) return `${m[1] === 'schema' || m[1] === 'language' || m[1] === 'foreign server' ? 'USAGE' : m[1] === 'database' ? 'CONNECT' : 'SELECT'} on ${m[1]} ${m[2]}`;
  return null;
}
