-- since: 0.4.0
-- Whether a finding is reachable from other machines, as far as its evidence says: a row of
-- any SQL executor with exposure = 'remote', or addr_class 'private'/'anywhere' (the pg_hba
-- first-match analysis), makes it 'remote'; rows that name only 'local' exposure or the
-- 'local'/'loopback' address classes make it 'local'; anything else is unknown (NULL).
-- The same rule as exposureOf() in src/core/priority.ts (one table of cases tests both).
-- No SET clause, so it inlines into the views that call it per row.
CREATE OR REPLACE FUNCTION sec_check.result_exposure(p_executors jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN bool_or(v IN ('remote', 'private', 'anywhere')) THEN 'remote'
              WHEN bool_or(v IN ('local', 'loopback')) THEN 'local' END
    FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof(p_executors) = 'array' THEN p_executors ELSE '[]' END) AS e,
         pg_catalog.jsonb_array_elements(CASE WHEN e ->> 'kind' = 'sql' AND pg_catalog.jsonb_typeof(e -> 'rows') = 'array'
                                              THEN e -> 'rows' ELSE '[]' END) AS r,
         LATERAL (VALUES (CASE WHEN pg_catalog.jsonb_typeof(r) = 'object' AND pg_catalog.jsonb_typeof(r -> 'exposure') = 'string'
                               AND r ->> 'exposure' IN ('remote', 'local') THEN r ->> 'exposure' END),
                         (CASE WHEN pg_catalog.jsonb_typeof(r) = 'object' AND pg_catalog.jsonb_typeof(r -> 'addr_class') = 'string'
                               THEN r ->> 'addr_class' END)) AS x(v)
$$;

REVOKE ALL ON FUNCTION sec_check.result_exposure(jsonb) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.result_exposure(jsonb) IS
  'Exposure of a result from its executors'' evidence (results.raw): remote when a row says exposure remote or addr_class private/anywhere, local when rows say only local/loopback, else NULL (unknown).';
