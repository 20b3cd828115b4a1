-- since: 0.4.0
-- Every control of every compliance framework a stored pack maps (the builtin pack carries
-- frameworks/<id>/framework.json compiled into its config under "frameworks"; an uploaded
-- pack may carry its own, checked by `sec-check pack` before upload). One mapping for the CLI
-- and the database: this view reads the same JSON the CLI's --framework reads.
CREATE OR REPLACE VIEW sec_check.framework_controls AS
SELECT p.name AS pack_name,
       p.pack #>> '{config,report_name}' AS pack,
       f.value ->> 'id' AS framework,
       f.value ->> 'title' AS framework_title,
       f.value ->> 'version' AS framework_version,
       c.ordinality::integer AS ordinal,
       c.value ->> 'id' AS control_id,
       c.value ->> 'title' AS title,
       c.value ->> 'level' AS level,
       c.value ->> 'assessment' AS assessment,
       ARRAY(SELECT pg_catalog.jsonb_array_elements_text(c.value -> 'checks')) AS checks,
       c.value ->> 'manual' AS manual
  FROM sec_check.packs p
 CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(
         CASE WHEN pg_catalog.jsonb_typeof(p.pack #> '{config,frameworks}') = 'array'
              THEN p.pack #> '{config,frameworks}' ELSE '[]'::jsonb END) f
 CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(f.value -> 'controls') WITH ORDINALITY c;

COMMENT ON VIEW sec_check.framework_controls IS
  'Controls of the compliance frameworks the stored packs map: framework, control id, sec_check''s own title, level, assessment, the checks that decide it (empty = manual) and the evidence a person attaches to a manual control.';
COMMENT ON COLUMN sec_check.framework_controls.pack_name IS 'Stored pack (sec_check.packs.name) carrying the framework.';
COMMENT ON COLUMN sec_check.framework_controls.pack IS 'Report name of that pack (the pack column of check_state and the views).';
COMMENT ON COLUMN sec_check.framework_controls.framework IS 'Framework id, e.g. cis-pg17.';
COMMENT ON COLUMN sec_check.framework_controls.framework_title IS 'Framework name.';
COMMENT ON COLUMN sec_check.framework_controls.framework_version IS 'Framework version or release.';
COMMENT ON COLUMN sec_check.framework_controls.ordinal IS 'Position of the control in the framework.';
COMMENT ON COLUMN sec_check.framework_controls.control_id IS 'The framework''s public id of the control.';
COMMENT ON COLUMN sec_check.framework_controls.title IS 'sec_check''s own one-line summary of the control.';
COMMENT ON COLUMN sec_check.framework_controls.level IS 'The framework''s level or category (e.g. CAT II), when known.';
COMMENT ON COLUMN sec_check.framework_controls.assessment IS 'The framework''s own label: automated or manual.';
COMMENT ON COLUMN sec_check.framework_controls.checks IS 'Ids of the checks that decide the control; empty = manual.';
COMMENT ON COLUMN sec_check.framework_controls.manual IS 'The evidence a person attaches (attestable controls), else NULL.';
