-- since: 0.2.0
-- Records the roles of the cluster for one run. SECURITY DEFINER because only the
-- extension owner (a superuser) may read pg_authid; the verifier never leaves this function:
-- only sha256(salt, role, verifier) is stored, and the salt is this installation's secret.
CREATE OR REPLACE FUNCTION sec_check.snapshot_roles(p_run_id bigint)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_salt    text;
  v_salt_id text;
  v_count   integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM sec_check.runs WHERE id = p_run_id) THEN
    RAISE EXCEPTION 'sec_check.snapshot_roles: there is no run %', p_run_id;
  END IF;
  SELECT salt INTO STRICT v_salt FROM sec_check.role_hash_salt;
  v_salt_id := left(encode(sha256(convert_to('sec_check salt id ' || v_salt, 'UTF8')), 'hex'), 12);
  INSERT INTO sec_check.role_snapshots (run_id, role_name, superuser, createrole, createdb,
                                        replication, bypassrls, can_login, password_set,
                                        password_fingerprint, salt_id, valid_until, member_of)
  SELECT p_run_id, a.rolname, a.rolsuper, a.rolcreaterole, a.rolcreatedb, a.rolreplication,
         a.rolbypassrls, a.rolcanlogin, a.rolpassword IS NOT NULL,
         CASE WHEN a.rolpassword IS NOT NULL
              THEN encode(sha256(convert_to(v_salt || ':' || a.rolname || ':' || a.rolpassword, 'UTF8')), 'hex') END,
         v_salt_id, a.rolvaliduntil,
         ARRAY(SELECT DISTINCT g.rolname::text
                 FROM pg_auth_members m JOIN pg_authid g ON g.oid = m.roleid
                WHERE m.member = a.oid ORDER BY 1)
    FROM pg_authid a
   WHERE a.rolname !~ '^pg_'
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION sec_check.snapshot_roles(bigint) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.snapshot_roles(bigint) IS
  'Stores the cluster''s roles (attributes, memberships, a salted fingerprint of the password verifier) for one run in sec_check.role_snapshots; returns the number of roles. Called for every stored run.';
