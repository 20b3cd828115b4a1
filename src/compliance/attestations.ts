// Attestations recorded in the server (sec_check.attest) apply to `run`/`report --framework`
// as they apply to sec_check.compliance(): read from sec_check.active_attestations, so an
// expired or revoked one stops applying by itself. Where they cannot be read (no extension,
// no grant) manual controls stay manual, and the command says why.
import type pg from 'pg';
import type { Attestation } from '../core/compliance/evaluate.ts';

export type AttestationSource = { state: 'ok'; attestations: Attestation[] } | { state: 'none' | 'no_access'; attestations: [] };

export async function fetchActiveAttestations(client: pg.Client): Promise<AttestationSource> {
  const probe = await client.query(
    `SELECT pg_catalog.has_schema_privilege(n.oid, 'USAGE') AS usable
       FROM pg_catalog.pg_namespace n WHERE n.nspname = 'sec_check'`);
  if (probe.rowCount === 0) return { state: 'none', attestations: [] };
  if (!probe.rows[0].usable) return { state: 'no_access', attestations: [] };
  const view = await client.query(`SELECT to_regclass('sec_check.active_attestations') IS NOT NULL AS present,
      to_regclass('sec_check.active_attestations') IS NOT NULL AND has_table_privilege('sec_check.active_attestations', 'SELECT') AS readable`);
  if (!view.rows[0].present) return { state: 'none', attestations: [] };
  if (!view.rows[0].readable) return { state: 'no_access', attestations: [] };
  const res = await client.query(`SELECT framework, control_id, scope, attested_by, note,
      to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at, recorded_by::text AS recorded_by,
      to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at
    FROM sec_check.active_attestations ORDER BY id`);
  return { state: 'ok', attestations: res.rows as Attestation[] };
}
