// Capability-aware verdicts (issue 14 item 4): which managed service the server is, the
// profile a run applies, the provider's control a host check stands for there, and the
// privilege a permission error names. Texts are data (localizations/managed.json, en/ru).
import managedJson from '../../localizations/managed.json';
import { isOneOf, PROFILES, PROVIDERS, type Profile, type Provider } from './vocabulary.ts';

/**
 * Columns of the runner's server query: the managed service, recognized by the roles the
 * provider creates in every instance and by its parameters: the provider's modules define
 * rds.*, cloudsql.*, azure.* (listed in pg_settings); a few well-known names are also read
 * with current_setting, which sees them even as placeholders (not listed), and the profile asked for with the setting
 * sec_check.profile (in-database runs; the CLI's --profile wins).
 */
export const PROVIDER_SQL = `CASE
    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname IN ('rds_superuser', 'rdsadmin'))
      OR EXISTS (SELECT 1 FROM pg_catalog.pg_settings WHERE name LIKE 'rds.%')
      OR current_setting('rds.extensions', true) IS NOT NULL OR current_setting('rds.force_ssl', true) IS NOT NULL THEN 'aws'
    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname IN ('cloudsqlsuperuser', 'cloudsqladmin'))
      OR EXISTS (SELECT 1 FROM pg_catalog.pg_settings WHERE name LIKE 'cloudsql.%')
      OR current_setting('cloudsql.iam_authentication', true) IS NOT NULL THEN 'gcp'
    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname IN ('azure_pg_admin', 'azuresu'))
      OR EXISTS (SELECT 1 FROM pg_catalog.pg_settings WHERE name LIKE 'azure.%')
      OR current_setting('azure.extensions', true) IS NOT NULL THEN 'azure'
  END AS managed_provider,
  current_setting('sec_check.profile', true) AS profile_setting`;

export interface AppliedProfile { requested: Profile; applied: Exclude<Profile, 'auto'>; provider: Provider | null }

/**
 * The profile a run applies: the caller's, else the setting, else auto; auto is managed
 * exactly when a provider was detected. A value outside the vocabulary is an error.
 */
export function resolveProfile(option: string | undefined, setting: unknown, detected: unknown): AppliedProfile {
  const fromSetting = typeof setting === 'string' && setting !== '' ? setting : undefined;
  const asked = option ?? fromSetting ?? 'auto';
  if (!isOneOf(PROFILES, asked)) {
    const where = option !== undefined ? '--profile' : 'sec_check.profile';
    throw new Error(`${where}: expected one of ${PROFILES.join(', ')}, found ${JSON.stringify(asked)}`);
  }
  const provider = isOneOf(PROVIDERS, detected) ? detected : null;
  const applied = asked === 'auto' ? (provider ? 'managed' : 'self-hosted') : asked;
  return { requested: asked, applied, provider };
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
