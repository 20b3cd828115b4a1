-- since: 0.2.0
-- sec_check needs its JavaScript language's extension (plv8 or pljs), but the control file
-- cannot say which (`requires` takes no alternatives). Record the dependency `requires` would
-- have recorded, on the extension that provides the engine's language, so that
-- DROP EXTENSION pljs refuses while sec_check uses it and pg_dump creates the language
-- before sec_check (a restore otherwise stops at "needs a JavaScript procedural language").
-- Runs as superuser inside CREATE/ALTER EXTENSION (superuser = true in the control file).
INSERT INTO pg_catalog.pg_depend (classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype)
SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, me.oid, 0,
       'pg_catalog.pg_extension'::pg_catalog.regclass, lang_ext.refobjid, 0, 'n'
  FROM pg_catalog.pg_extension me,
       pg_catalog.pg_proc p
  JOIN pg_catalog.pg_depend lang_ext
    ON lang_ext.classid = 'pg_catalog.pg_language'::pg_catalog.regclass
   AND lang_ext.objid = p.prolang
   AND lang_ext.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
   AND lang_ext.deptype = 'e'
 WHERE me.extname = 'sec_check'
   AND p.oid = 'sec_check.engine(jsonb)'::pg_catalog.regprocedure
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.objid = me.oid
                      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.refobjid = lang_ext.refobjid);
