// The settings the built-in catalog judges, and how each one's value is read. The `settings`
// fact (checks/_facts/settings) reads exactly these names; test/unit/settings-values.test.ts
// holds the fact's query to this list. Keep it to what some check judges: the fact is bound
// into every executor that reads it.
import type { EnumOption } from './scalar.ts';

export type SettingSpec =
  | { kind: 'bool' }
  | { kind: 'enum'; options: (major: number) => EnumOption[] }
  | { kind: 'int' | 'real'; unit: string | null }
  | { kind: 'string' }
  | { kind: 'libraries'; restricted: boolean }
  | { kind: 'log_line_prefix' }
  | { kind: 'log_destination' }
  | { kind: 'log_connections' }
  | { kind: 'pgaudit_log' }
  | { kind: 'pgaudit_level' }
  | { kind: 'ssl_ciphers' }
  | { kind: 'search_path' }
  | { kind: 'directories' }
  | { kind: 'path' };

const opts = (...names: string[]): EnumOption[] => names.map((n) => ({ name: n, value: n }));
const alias = (name: string, value: string): EnumOption => ({ name, value });

// server_message_level_options / client_message_level_options (guc_tables.c): "debug" is a
// hidden alias of debug2; "info" is hidden for clients
const SERVER_LEVELS = () => [...opts('debug5', 'debug4', 'debug3', 'debug2', 'debug1'), alias('debug', 'debug2'),
  ...opts('info', 'notice', 'warning', 'error', 'log', 'fatal', 'panic')];
const CLIENT_LEVELS = () => [...opts('debug5', 'debug4', 'debug3', 'debug2', 'debug1'), alias('debug', 'debug2'),
  ...opts('log', 'info', 'notice', 'warning', 'error')];
// password_encryption: 13 still took on/true/yes/1 as hidden spellings of md5
const PASSWORD_ENCRYPTION = (major: number) => [...opts('md5', 'scram-sha-256'),
  ...(major < 14 ? ['on', 'true', 'yes', '1'].map((n) => alias(n, 'md5')) : [])];
const TLS_VERSIONS = () => [alias('', ''), ...opts('TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3')];
// archive_mode: always/on/off, plus hidden boolean words (whole words only, not prefixes)
const ARCHIVE_MODE = () => [...opts('always', 'on', 'off'), ...['true', 'yes', '1'].map((n) => alias(n, 'on')),
  ...['false', 'no', '0'].map((n) => alias(n, 'off'))];

const bool = { kind: 'bool' } as const;
const str = { kind: 'string' } as const;
const int = (unit: string | null = null) => ({ kind: 'int', unit }) as const;

/** Judged settings by name. Unit = the base unit pg_settings shows (for values not in pg_settings). */
export const JUDGED_SETTINGS: Record<string, SettingSpec> = {
  // logging: what, where, when
  log_connections: { kind: 'log_connections' },
  log_disconnections: bool,
  log_destination: { kind: 'log_destination' },
  logging_collector: bool,
  log_directory: str,
  data_directory: str,
  log_filename: str,
  log_file_mode: int(),
  log_error_verbosity: { kind: 'enum', options: () => opts('terse', 'default', 'verbose') },
  log_hostname: bool,
  log_line_prefix: { kind: 'log_line_prefix' },
  log_min_error_statement: { kind: 'enum', options: SERVER_LEVELS },
  log_min_messages: { kind: 'enum', options: SERVER_LEVELS },
  client_min_messages: { kind: 'enum', options: CLIENT_LEVELS },
  log_rotation_age: int('min'),
  log_rotation_size: int('kB'),
  log_statement: { kind: 'enum', options: () => opts('none', 'ddl', 'mod', 'all') },
  log_timezone: str,
  log_truncate_on_rotation: bool,
  log_replication_commands: bool,
  debug_pretty_print: bool,
  debug_print_parse: bool,
  debug_print_plan: bool,
  debug_print_rewritten: bool,
  syslog_facility: { kind: 'enum', options: () => opts('local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7') },
  syslog_ident: str,
  syslog_sequence_numbers: bool,
  syslog_split_messages: bool,
  // pgAudit (its settings exist only while the library is loaded)
  'pgaudit.log': { kind: 'pgaudit_log' },
  'pgaudit.log_level': { kind: 'pgaudit_level' },
  'pgaudit.log_client': bool,
  'pgaudit.log_catalog': bool,
  'pgaudit.role': str,
  // libraries, and settings that exist only while a library is loaded (proof it is)
  shared_preload_libraries: { kind: 'libraries', restricted: false },
  session_preload_libraries: { kind: 'libraries', restricted: false },
  local_preload_libraries: { kind: 'libraries', restricted: true },
  dynamic_library_path: { kind: 'path' },
  'auth_delay.milliseconds': int('ms'),
  'pg_stat_statements.max': int(),
  'auto_explain.log_min_duration': int('ms'),
  'passwordcheck.min_password_length': int(),
  'credcheck.password_min_length': int(),
  // connections and authentication
  authentication_timeout: int('s'),
  password_encryption: { kind: 'enum', options: PASSWORD_ENCRYPTION },
  ssl: bool,
  ssl_min_protocol_version: { kind: 'enum', options: TLS_VERSIONS },
  ssl_ciphers: { kind: 'ssl_ciphers' },
  unix_socket_permissions: int(),
  unix_socket_group: str,
  unix_socket_directories: { kind: 'directories' },
  search_path: { kind: 'search_path' },
  // integrity and debugging switches
  data_checksums: bool,
  fsync: bool,
  full_page_writes: bool,
  data_sync_retry: bool,
  row_security: bool,
  ignore_system_indexes: bool,
  post_auth_delay: int('s'),
  jit_debugging_support: bool,
  jit_profiling_support: bool,
  allow_system_table_mods: bool,
  ignore_checksum_failure: bool,
  zero_damaged_pages: bool,
  lo_compat_privileges: bool,
  archive_mode: { kind: 'enum', options: ARCHIVE_MODE },
};

/** A library's module name -> a setting that exists only while it is loaded. */
export const LIBRARY_PROOF: Record<string, string> = {
  pgaudit: 'pgaudit.log',
  auth_delay: 'auth_delay.milliseconds',
  pg_stat_statements: 'pg_stat_statements.max',
  auto_explain: 'auto_explain.log_min_duration',
  passwordcheck: 'passwordcheck.min_password_length',
  credcheck: 'credcheck.password_min_length',
};
