-- since: 0.2.0
-- What changed in the roles between two consecutive runs that have snapshots. Password
-- changes are seen by their fingerprints only (compared when made with the same salt).
CREATE OR REPLACE VIEW sec_check.role_drift AS
WITH snapshot_runs AS (
  SELECT run_id, lag(run_id) OVER (ORDER BY run_id) AS previous_run_id
    FROM (SELECT DISTINCT run_id FROM sec_check.role_snapshots) s
)
SELECT p.run_id, p.previous_run_id, r.finished_at AS detected_at, d.role_name, c.change, c.detail
  FROM snapshot_runs p
  JOIN sec_check.runs r ON r.id = p.run_id
  CROSS JOIN LATERAL (
    SELECT coalesce(n.role_name, o.role_name) AS role_name, n AS now_row, o AS before_row
      FROM (SELECT * FROM sec_check.role_snapshots WHERE run_id = p.run_id) n
      FULL JOIN (SELECT * FROM sec_check.role_snapshots WHERE run_id = p.previous_run_id) o
        ON o.role_name = n.role_name
  ) d
  CROSS JOIN LATERAL (
    SELECT 'role_created'::text AS change,
           concat_ws(', ', CASE WHEN (d.now_row).superuser THEN 'superuser' END,
                           CASE WHEN (d.now_row).createrole THEN 'createrole' END,
                           CASE WHEN (d.now_row).bypassrls THEN 'bypassrls' END,
                           CASE WHEN (d.now_row).can_login THEN 'login' END,
                           CASE WHEN (d.now_row).password_set THEN 'password' END) AS detail
     WHERE (d.before_row).role_name IS NULL
    UNION ALL
    SELECT 'role_dropped', NULL WHERE (d.now_row).role_name IS NULL
    UNION ALL
    SELECT v.change, v.detail
      FROM (VALUES
        ('superuser', coalesce((d.before_row).superuser, false), (d.now_row).superuser),
        ('createrole', coalesce((d.before_row).createrole, false), (d.now_row).createrole),
        ('createdb', coalesce((d.before_row).createdb, false), (d.now_row).createdb),
        ('replication', coalesce((d.before_row).replication, false), (d.now_row).replication),
        ('bypassrls', coalesce((d.before_row).bypassrls, false), (d.now_row).bypassrls),
        ('login', coalesce((d.before_row).can_login, false), (d.now_row).can_login)
      ) AS a(attr, was, now_)
      CROSS JOIN LATERAL (SELECT a.attr || CASE WHEN a.now_ THEN '_granted' ELSE '_revoked' END AS change,
                                 NULL::text AS detail) v
     WHERE (d.now_row).role_name IS NOT NULL AND a.was IS DISTINCT FROM a.now_
       AND ((d.before_row).role_name IS NOT NULL OR a.now_)
    UNION ALL
    SELECT CASE WHEN NOT (d.before_row).password_set THEN 'password_set'
                WHEN NOT (d.now_row).password_set THEN 'password_removed'
                ELSE 'password_changed' END, NULL
     WHERE (d.before_row).role_name IS NOT NULL AND (d.now_row).role_name IS NOT NULL
       AND ((d.before_row).password_set IS DISTINCT FROM (d.now_row).password_set
            OR ((d.before_row).salt_id = (d.now_row).salt_id
                AND (d.before_row).password_fingerprint IS DISTINCT FROM (d.now_row).password_fingerprint))
    UNION ALL
    SELECT 'valid_until_changed', coalesce((d.now_row).valid_until::text, 'infinity')
     WHERE (d.before_row).role_name IS NOT NULL AND (d.now_row).role_name IS NOT NULL
       AND (d.before_row).valid_until IS DISTINCT FROM (d.now_row).valid_until
    UNION ALL
    SELECT 'membership_granted', g
      FROM unnest((d.now_row).member_of) g
     WHERE (d.now_row).role_name IS NOT NULL
       AND g <> ALL (coalesce((d.before_row).member_of, '{}'))
    UNION ALL
    SELECT 'membership_revoked', g
      FROM unnest((d.before_row).member_of) g
     WHERE (d.now_row).role_name IS NOT NULL AND (d.before_row).role_name IS NOT NULL
       AND g <> ALL ((d.now_row).member_of)
  ) c
 WHERE p.previous_run_id IS NOT NULL;

COMMENT ON VIEW sec_check.role_drift IS
  'Role changes between consecutive runs: role_created/role_dropped, <attribute>_granted/_revoked (superuser, createrole, createdb, replication, bypassrls, login), password_set/_changed/_removed (from salted fingerprints, never the verifier), valid_until_changed, membership_granted/_revoked (detail = role).';
COMMENT ON COLUMN sec_check.role_drift.run_id IS 'The run whose role snapshot shows the change.';
COMMENT ON COLUMN sec_check.role_drift.previous_run_id IS 'The previous run with a snapshot.';
COMMENT ON COLUMN sec_check.role_drift.detected_at IS 'When that run finished.';
COMMENT ON COLUMN sec_check.role_drift.role_name IS 'The role.';
COMMENT ON COLUMN sec_check.role_drift.change IS 'role_created, role_dropped, <attribute>_granted/_revoked, password_set/_changed/_removed, valid_until_changed, membership_granted/_revoked.';
COMMENT ON COLUMN sec_check.role_drift.detail IS 'Details: attributes of a new role, the new valid_until, or the role of a membership.';
