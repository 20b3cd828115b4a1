// The findings channel's shared shapes: one ChannelFinding per finding that is not a pass,
// produced by `run`/`fleet` (config checks) and by the PII scan, delivered by deliver.ts.

export interface ChannelFinding {
  key: string;          // stable identity of this finding occurrence; redelivery dedupes on it
  database: string;     // audited server and database, e.g. "db1.example:5432/app"
  rule_id: string; description: string; category: string; severity: string;
  schema_name: string; table_name: string; column_name: string;  // '' when server-wide
  masked_sample: string;                    // '' when none
  primary_key: Record<string, unknown>;     // {} when none
  lsn: string;          // bigint as decimal string: pg_current_wal_lsn() - '0/0' (on a standby: pg_last_wal_replay_lsn())
  detected_at: string;  // ISO 8601 timestamp of the scan
}

/** `[alerts.postgres]` of a channel file, defaults applied, validated. */
export interface ChannelConfig {
  /** The file it was read from (for messages). */
  file: string;
  name: string;
  host: string;
  port: number;
  dbname: string;
  username: string;
  /** Inline, read from `{ file = "..." }`, or undefined (PGPASSWORD / ~/.pgpass). Never printed. */
  password: string | undefined;
  schema: string;
  table: string;
  tls: { enabled: boolean };
  /**
   * `trusted_owners`: roles besides the channel user and superusers whose schema, table and
   * sequence the channel may write into (their objects' code would run as the channel user).
   */
  trustedOwners: string[];
  /** `[scan] exclude_tables`: tables the scans leave out ("table" or "schema.table"). */
  excludeTables: string[];
}

export interface DeliverResult {
  /** Rows inserted into the central table by this call. */
  delivered: number;
  /** Findings the table already had (a redelivery): not inserted again. */
  duplicates: number;
  /** Findings still in the spool directory after this call. */
  pending: number;
  /** Why delivery failed, when it did (one line, no password). */
  error?: string;
  spoolDir: string;
}

/** Where an audit ran: the identity the detection-loop guard compares. */
export interface SourceIdentity {
  /** pg_control_system().system_identifier, or null when the role cannot read it. */
  systemIdentifier: string | null;
  database: string;
  /** inet_server_addr()/inet_server_port() (null over a Unix socket) and the port setting. */
  serverAddr: string | null;
  port: number;
}
