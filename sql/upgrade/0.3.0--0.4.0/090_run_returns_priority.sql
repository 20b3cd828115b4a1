-- sec_check.run() now returns plain text and a priority column: a changed result type
-- needs DROP FUNCTION before sql/090 creates it again. Its EXECUTE grants go with it, so the
-- auditors holding them are remembered for this transaction and granted again by
-- sql/892_grant_existing_roles.sql.
SELECT pg_catalog.set_config('sec_check.upgrade_auditors',
         coalesce((SELECT string_agg(DISTINCT a.grantee::text, ',')
                     FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) AS a
                    WHERE p.oid = pg_catalog.to_regprocedure('sec_check.run(text[],text,text)')
                      AND a.grantee <> 0 AND a.grantee <> p.proowner), ''), true);
DROP FUNCTION IF EXISTS sec_check.run(text, text, text);
DROP FUNCTION IF EXISTS sec_check.run(text[], text, text);
