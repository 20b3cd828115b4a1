-- since: 0.4.0
-- One framework's controls for one database (default: this one), from compliance_status, with
-- the attestation in force spelled out. An unknown framework is an error naming the known ones.
CREATE OR REPLACE FUNCTION sec_check.compliance(p_framework text, p_scope text DEFAULT pg_catalog.current_database())
RETURNS TABLE (control_id text, title text, level text, assessment text, status text, waived boolean,
               checks jsonb, manual text, attested_by text, attestation_note text, attested_until timestamptz,
               oldest_verdict_at timestamptz)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM sec_check.framework_controls f WHERE f.framework = p_framework) THEN
    RAISE EXCEPTION 'sec_check.compliance: unknown framework "%"', p_framework
      USING HINT = 'Known frameworks: ' || coalesce((SELECT string_agg(DISTINCT f.framework, ', ' ORDER BY f.framework)
                                                       FROM sec_check.framework_controls f), 'none');
  END IF;
  RETURN QUERY
  SELECT s.control_id, s.title, s.level, s.assessment, s.status, s.waived, s.checks, s.manual,
         a.attested_by, a.note, a.expires_at, s.oldest_verdict_at
    FROM sec_check.compliance_status s
    LEFT JOIN sec_check.active_attestations a ON a.id = s.attestation_id
   WHERE s.framework = p_framework AND s.scope = p_scope
   ORDER BY s.ordinal;
END
$$;

REVOKE ALL ON FUNCTION sec_check.compliance(text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.compliance(text, text) IS
  'The controls of one compliance framework (e.g. cis-pg17, stig-pg16) for one database (default: the current one) over the current state: status, waived, the deciding checks and their evidence, the evidence to attach, the attestation in force. No rows when the database has no stored runs of the framework''s pack.';
