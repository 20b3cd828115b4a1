-- block: priv-graph-input (checks/_lib/sql/priv-graph-input.sql; docs/verdicts.md, "Who can act
-- as whom"). The catalog as the privilege graph (src/core/privgraph) needs it, as one row of
-- JSON arrays: the deriver does the walking. Needs before it: pg_edges(member, roleid, flags)
-- (memberships, every grantor's grants OR-ed: 1 ADMIN, 2 INHERIT, 4 SET — per major),
-- param_grants(grantee, parname, privs) (pg_parameter_acl on 15+, empty before) and the
-- definer_functions fact. Holders are role oids, 0 = PUBLIC; ACLs read with acldefault, so an
-- owner's implicit privileges count. Everything is read in the database the audit runs in.
-- Whether a function's owner can use a schema (a look-alike there is found only if it can) is
-- decided by the deriver from the schemas' USAGE holders and the owner's memberships.
pg_db AS (
  SELECT oid, datdba, datacl FROM pg_database WHERE datname = current_database()
), pg_schema_create AS (
  -- CREATE on a schema (owners included); temporary and TOAST schemas take no objects by name
  SELECT n.oid AS nsp, a.grantee AS holder
    FROM pg_namespace AS n CROSS JOIN LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
   WHERE a.privilege_type = 'CREATE'
  UNION
  SELECT n.oid, n.nspowner FROM pg_namespace AS n
), pg_schema_usage AS (
  -- USAGE on a schema: its ACL (owner included), and pg_read_all_data / pg_write_all_data, which
  -- have USAGE on every schema (14+)
  SELECT n.oid AS nsp, a.grantee AS holder
    FROM pg_namespace AS n CROSS JOIN LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
   WHERE a.privilege_type = 'USAGE'
  UNION
  SELECT n.oid, r.oid FROM pg_namespace AS n CROSS JOIN pg_roles AS r
   WHERE r.rolname IN ('pg_read_all_data', 'pg_write_all_data') AND r.oid < 16384
), schema_create_agg AS (
  SELECT nsp, json_agg(holder::int8 ORDER BY holder) AS holders FROM pg_schema_create GROUP BY nsp
), schema_usage_agg AS (
  SELECT nsp, json_agg(holder::int8 ORDER BY holder) AS holders FROM pg_schema_usage GROUP BY nsp
), pg_db_priv AS (
  SELECT a.grantee AS holder, a.privilege_type AS priv
    FROM pg_db AS d CROSS JOIN LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) AS a
), fn_path AS (
  -- where a function's names are looked up: the schemas of its path in order, pg_catalog at 0
  -- when the path does not list it
  SELECT f.oid AS fn, e.name, e.pos::int AS pos
    FROM definer_functions AS f CROSS JOIN LATERAL unnest(f.path_schemas) WITH ORDINALITY AS e(name, pos)
  UNION ALL
  SELECT f.oid, 'pg_catalog', 0 FROM definer_functions AS f WHERE f.path_schemas IS NOT NULL AND f.catalog_pos = 0
), fn_name AS (
  SELECT f.oid AS fn, c.name, 'f' AS kind FROM definer_functions AS f CROSS JOIN LATERAL unnest(f.calls) AS c(name) WHERE f.path_schemas IS NOT NULL
  UNION ALL
  SELECT f.oid, r.name, 'r' FROM definer_functions AS f CROSS JOIN LATERAL unnest(f.relations) AS r(name) WHERE f.path_schemas IS NOT NULL
), fn_found AS (
  -- the first position where each name is bound for good: a relation of that name, or a function
  -- of that name taking that many arguments, none of them of a pseudo-type (any, anyelement, ...)
  -- and not variadic — a look-alike with the call's exact argument types beats a function that
  -- only takes them through "any" or VARIADIC wherever it is in the path (format(text, text)
  -- beats pg_catalog.format(text, VARIADIC "any")); an exact match is assumed otherwise
  SELECT x.fn, x.name, x.kind,
         coalesce(min(p.pos) FILTER (WHERE CASE x.kind
                    WHEN 'f' THEN EXISTS (SELECT 1 FROM pg_proc AS q
                                           WHERE q.proname = split_part(x.name, '/', 1) AND q.pronamespace = s.oid
                                             AND q.provariadic = 0
                                             AND split_part(x.name, '/', 2)::int BETWEEN q.pronargs - q.pronargdefaults AND q.pronargs
                                             AND NOT EXISTS (SELECT 1 FROM unnest(q.proargtypes) AS t(typ) JOIN pg_type AS ty ON ty.oid = t.typ
                                                              WHERE ty.typtype = 'p'))
                    ELSE EXISTS (SELECT 1 FROM pg_class AS c WHERE c.relname = x.name AND c.relnamespace = s.oid) END), 2147483647) AS pos
    FROM fn_name AS x
    LEFT JOIN fn_path AS p ON p.fn = x.fn
    LEFT JOIN pg_namespace AS s ON s.nspname = p.name
   GROUP BY x.fn, x.name, x.kind
), fn_found_last AS (
  -- a schema before the latest-found name shadows at least that name
  SELECT fn, max(pos) AS pos, max(pos) FILTER (WHERE kind = 'r') AS rel_pos FROM fn_found GROUP BY fn
), fn_redirect AS (
  -- a schema of the path where an object shadows one the function means: before where a name
  -- is found (or anywhere when it is found nowhere), or before pg_catalog for operators
  SELECT p.fn, p.name, p.pos
    FROM fn_path AS p
    JOIN definer_functions AS f ON f.oid = p.fn
    LEFT JOIN fn_found_last AS x ON x.fn = p.fn
   WHERE p.pos > 0 AND p.name NOT IN ('', 'pg_catalog', 'pg_temp') AND p.name !~ '^pg_temp_[0-9]+$'
     AND ((f.operators AND p.pos < f.catalog_pos) OR p.pos < x.pos)
), fn_redirect_holders AS (
  -- who can put an object there (the event triggers' functions run as whoever runs DDL, whom
  -- every schema serves): CREATE on the schema, or CREATE on the database when it does not exist
  SELECT r.fn, r.name, r.pos, c.holder FROM fn_redirect AS r JOIN pg_namespace AS n ON n.nspname = r.name JOIN pg_schema_create AS c ON c.nsp = n.oid
  UNION
  SELECT r.fn, r.name, r.pos, d.holder FROM fn_redirect AS r JOIN pg_db_priv AS d ON d.priv = 'CREATE'
   WHERE NOT EXISTS (SELECT 1 FROM pg_namespace AS n WHERE n.nspname = r.name)
), fn_redirect_json AS (
  -- the shadowing schemas by name, in search order (whether they exist is read from schemas)
  SELECT fn, json_agg(name ORDER BY pos) AS redirect FROM fn_redirect GROUP BY fn
), fn_exec AS (
  SELECT f.oid AS fn, json_agg(DISTINCT a.grantee::int8) AS holders
    FROM definer_functions AS f JOIN pg_proc AS p ON p.oid = f.oid
   CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
   WHERE f.secdef AND a.privilege_type = 'EXECUTE'
   GROUP BY f.oid
), fn_trigger_table AS (
  -- tables with an enabled trigger that runs a SECURITY DEFINER function: writing them runs it
  SELECT DISTINCT t.tgfoid AS fn, c.oid AS rel, c.relnamespace AS nsp, c.relacl, c.relowner
    FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
   WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgfoid IN (SELECT oid FROM definer_functions WHERE secdef)
), fn_triggers AS (
  SELECT tt.fn, json_agg(json_build_array(
           (SELECT coalesce(json_agg(DISTINCT w.holder::int8), '[]')
              FROM (SELECT a.grantee AS holder FROM aclexplode(coalesce(tt.relacl, acldefault('r', tt.relowner))) AS a
                     WHERE a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
                    UNION ALL
                    -- the owner can grant itself any of them again
                    SELECT tt.relowner
                    UNION ALL
                    -- pg_write_all_data writes every table (14+)
                    SELECT to_regrole('pg_write_all_data')::oid WHERE to_regrole('pg_write_all_data') IS NOT NULL) AS w),
           coalesce(u.holders, '[]'))) AS triggers
    FROM fn_trigger_table AS tt LEFT JOIN schema_usage_agg AS u ON u.nsp = tt.nsp
   GROUP BY tt.fn
), fn_json AS (
  SELECT json_agg(json_build_object(
           'oid', f.oid::int8, 'sig', f.sig, 'owner', f.owner::int8, 'dynamic', f.dynamic,
           'exec', coalesce(e.holders, '[]'), 'usage', coalesce(u.holders, '[]'),
           'redirect', coalesce(r.redirect, '[]'),
           'redirectAny', NOT f.pinned AND (cardinality(f.calls) > 0 OR cardinality(f.relations) > 0 OR f.operators),
           'redirectTemp', cardinality(f.relations) > 0 AND (NOT f.pinned OR f.temp_pos < x.rel_pos),
           'triggers', coalesce(t.triggers, '[]')
         ) ORDER BY f.oid) AS functions
    FROM definer_functions AS f
    LEFT JOIN fn_redirect_json AS r ON r.fn = f.oid
    LEFT JOIN fn_exec AS e ON e.fn = f.oid
    LEFT JOIN schema_usage_agg AS u ON u.nsp = f.nsp
    LEFT JOIN fn_found_last AS x ON x.fn = f.oid
    LEFT JOIN fn_triggers AS t ON t.fn = f.oid
   WHERE f.secdef
), evt AS (
  SELECT f.oid, f.sig, f.owner, f.owner_super, e.name AS evtname
    FROM definer_functions AS f CROSS JOIN LATERAL unnest(string_to_array(f.event_triggers, ',')) AS e(name)
   WHERE f.event_triggers IS NOT NULL
), terminal AS (
  SELECT 'parameter' AS kind, g.parname AS target, json_build_array(g.grantee::int8) AS holders, NULL::text AS needs,
         format(' → %s ON PARAMETER %s', string_agg(g.privs, ', ' ORDER BY g.privs DESC), g.parname) AS step,
         format('REVOKE %s ON PARAMETER %s FROM %s;', string_agg(g.privs, ', ' ORDER BY g.privs DESC),
                array_to_string(ARRAY(SELECT quote_ident(x) FROM unnest(string_to_array(g.parname, '.')) AS x), '.'),
                CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END) AS fix
    FROM param_grants AS g GROUP BY g.parname, g.grantee
  UNION ALL
  -- an event trigger's function runs as whoever runs DDL: its owner's privileges replace it (a
  -- superuser's too: a role that inherits them is no superuser, but owns what it owns)
  SELECT 'event_trigger', e.evtname, json_build_array(e.owner::int8), 'create',
         format(' → can replace %s (owner rights), the function of event trigger %I, which runs as whoever runs DDL, superusers too', e.sig, e.evtname), NULL
    FROM evt AS e
  UNION ALL
  SELECT 'event_trigger', e.evtname, json_agg(DISTINCT h.holder::int8), NULL,
         format(' → CREATE ON SCHEMA %I → %s, the function of event trigger %I, finds names there (runs as whoever runs DDL, superusers too)', h.name, e.sig, e.evtname), NULL
    FROM evt AS e JOIN fn_redirect_holders AS h ON h.fn = e.oid
   GROUP BY e.evtname, e.sig, h.name
  UNION ALL
  -- a language flagged trusted whose handler is an untrusted one: its functions act as the server account
  SELECT 'untrusted_language', l.lanname::text, json_build_array(a.grantee::int8), 'create_fn',
         format(' → USAGE ON LANGUAGE %I (flagged trusted, handler %s runs code as the server account)', l.lanname, h.proname),
         format('REVOKE USAGE ON LANGUAGE %I FROM %s;', l.lanname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
    FROM pg_language AS l
    JOIN pg_proc AS h ON h.oid = l.lanplcallfoid
   CROSS JOIN LATERAL aclexplode(coalesce(l.lanacl, acldefault('l', l.lanowner))) AS a
   WHERE l.lanpltrusted AND a.privilege_type = 'USAGE'
     AND (l.lanname IN ('plperlu', 'plpythonu', 'plpython2u', 'plpython3u', 'pltclu', 'plr', 'plsh')
          OR h.proname IN ('plperlu_call_handler', 'plpython_call_handler', 'plpython2_call_handler',
                           'plpython3_call_handler', 'pltclu_call_handler', 'plr_call_handler', 'plsh_handler'))
), code_owner AS (
  -- roles owning a function or an ordinary table here, in a schema they can use (pg_shdepend
  -- lists what each role owns; the bootstrap superuser's objects are not listed: it owns pg_catalog)
  SELECT DISTINCT d.refobjid AS role
    FROM pg_shdepend AS d
    LEFT JOIN pg_proc AS p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid AND p.prokind IN ('f', 'p')
    LEFT JOIN pg_class AS c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid AND c.relkind = 'r'
   WHERE d.refclassid = 'pg_authid'::regclass AND d.deptype = 'o' AND d.dbid = (SELECT oid FROM pg_db)
     AND (p.oid IS NOT NULL OR c.oid IS NOT NULL)
     AND has_schema_privilege(d.refobjid, coalesce(p.pronamespace, c.relnamespace), 'USAGE')
  UNION
  SELECT 10
), role_idx AS (
  -- roles by name (the deriver breaks ties between equally short chains in this order)
  SELECT r.oid, r.rolname,
         CASE WHEN r.rolsuper THEN 1 ELSE 0 END + CASE WHEN r.rolinherit THEN 2 ELSE 0 END
         + CASE WHEN r.rolcreaterole THEN 4 ELSE 0 END + CASE WHEN r.rolcanlogin THEN 8 ELSE 0 END
         + CASE WHEN r.oid < 16384 AND r.rolname LIKE 'pg\_%' THEN 16 ELSE 0 END AS flags,
         (row_number() OVER (ORDER BY r.rolname COLLATE "C") - 1)::int AS idx
    FROM pg_roles AS r
)
SELECT current_setting('server_version_num')::int AS ver,
       -- [oid, name, flags] per role, in name order; the memberships as one flat list of
       -- (member index, role index, flags): both as text, which the host hands over as one string
       (SELECT json_agg(json_build_array(r.oid::int8, r.rolname, r.flags) ORDER BY r.idx)::text FROM role_idx AS r) AS roles,
       (SELECT '[' || coalesce(string_agg(m.idx || ',' || g.idx || ',' || e.flags, ','), '') || ']'
          FROM (SELECT member, roleid, flags FROM pg_edges
                UNION ALL
                -- the database owner is implicitly a member of pg_database_owner (14+), with INHERIT and SET
                SELECT d.datdba, to_regrole('pg_database_owner')::oid, 6 FROM pg_db AS d
                 WHERE to_regrole('pg_database_owner') IS NOT NULL) AS e
          JOIN role_idx AS m ON m.oid = e.member JOIN role_idx AS g ON g.oid = e.roleid) AS edge_list,
       -- every schema that takes objects by name: [name, owner, CREATE holders, USAGE holders]
       (SELECT coalesce(json_agg(json_build_array(n.nspname, n.nspowner::int8, coalesce(c.holders, '[]'), coalesce(u.holders, '[]')) ORDER BY n.nspname), '[]')
          FROM pg_namespace AS n
          LEFT JOIN schema_create_agg AS c ON c.nsp = n.oid
          LEFT JOIN schema_usage_agg AS u ON u.nsp = n.oid
         WHERE n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast%') AS schemas,
       (SELECT coalesce(json_agg(DISTINCT holder::int8), '[]') FROM pg_db_priv WHERE priv = 'CREATE') AS db_create,
       (SELECT coalesce(json_agg(DISTINCT holder::int8), '[]') FROM pg_db_priv WHERE priv = 'TEMPORARY') AS temp_holders,
       (SELECT coalesce(json_agg(role::int8 ORDER BY role), '[]') FROM code_owner) AS code_owners,
       (SELECT coalesce(functions, '[]') FROM fn_json) AS functions,
       (SELECT coalesce(json_agg(json_build_object('kind', kind, 'target', target, 'holders', holders,
                                                   'needs', needs, 'step', step, 'fix', fix) ORDER BY kind, target), '[]')
          FROM terminal) AS terminals
-- end block: priv-graph-input
