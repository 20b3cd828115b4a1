-- Functions that run as someone other than their caller (docs/verdicts.md, "Functions that run
-- as someone else"): SECURITY DEFINER functions in every schema, whoever owns them, and the
-- functions of enabled event triggers. The deriver (src/core/privgraph/definer.ts) splits the
-- pinned search_path and reads the body; the body itself does not leave the fact.
-- session_path: an event trigger's function without a pinned search_path runs with the path
-- of whoever runs the DDL; the auditing session's stands for it.
SELECT p.oid, n.oid AS nsp, n.nspname::text AS schema,
       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sig,
       p.proowner AS owner, o.rolname::text AS owner_name, o.rolsuper AS owner_super, l.lanname::text AS language,
       p.prosecdef AS secdef,
       (SELECT string_agg(e.evtname::text, ',' ORDER BY e.evtname) FROM pg_event_trigger AS e
         WHERE e.evtfoid = p.oid AND e.evtenabled <> 'D') AS event_triggers,
       EXISTS (SELECT 1 FROM pg_depend AS d
                WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') AS extension,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute,
       (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) AS c
         WHERE c LIKE 'search\_path=%' LIMIT 1) AS path,
       (to_jsonb(p) ->> 'prosqlbody') IS NOT NULL AS sql_body,
       -- only SQL and PL/pgSQL bodies are read (a JavaScript body such as sec_check's own engine
       -- is hundreds of KiB the reader cannot model)
       CASE WHEN l.lanname IN ('sql', 'plpgsql') THEN p.prosrc END AS body,
       CASE WHEN p.proargnames IS NULL THEN array_fill(''::text, ARRAY[p.pronargs::int])
            ELSE ARRAY(SELECT coalesce(p.proargnames[i], '') FROM generate_subscripts(p.proargnames, 1) AS i
                        WHERE coalesce(p.proargmodes[i], 'i') IN ('i', 'b', 'v') ORDER BY i) END AS params,
       current_setting('search_path') AS session_path,
       session_user::text AS session_user_name
  FROM pg_proc AS p
  JOIN pg_namespace AS n ON n.oid = p.pronamespace
  JOIN pg_roles AS o ON o.oid = p.proowner
  JOIN pg_language AS l ON l.oid = p.prolang
 WHERE p.prosecdef OR p.oid IN (SELECT evtfoid FROM pg_event_trigger WHERE evtenabled <> 'D')
