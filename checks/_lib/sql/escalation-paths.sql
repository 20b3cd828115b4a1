-- block: escalation-paths (checks/_lib/sql/escalation-paths.sql; docs/verdicts.md, "Privilege
-- escalation paths"). Needs a CTE esc_param_grant(grantee oid, parname text, privs text) before
-- it (pg_parameter_acl on 15+, empty before). Defines esc_path: one row per (login role, kind,
-- target) with the shortest chain. A superset of su-equivalence: that block follows SET only
-- (can SET ROLE to a superuser); here a chain is usable when its grants are SET-capable up to
-- some role and INHERIT-capable from there on (SET ROLE to a role that inherits the privilege).
--
-- Graph: pg_auth_members, read through its index in the recursive step (one grant row per
-- member, role and, on 16+, grantor). Before 16 every membership allows SET ROLE and the
-- member's rolinherit decides INHERIT; on 16+ the grant's set_option / inherit_option decide,
-- and ADMIN OPTION on a non-superuser role counts as both (the member can grant itself the
-- membership WITH SET/INHERIT; a superuser role can only be granted by a superuser).
-- Capabilities (esc_cap): who holds what directly; holder 0 = PUBLIC. The search runs
-- backwards from the holders (UNION: rows are states, not paths, so cycles and diamonds end),
-- never through a superuser (its members are reported as superuser paths), at most 12 hops.
-- Running a function (EXECUTE + USAGE on its schema, or writing a table one of its triggers is
-- on + USAGE there) is decided the same way (esc_need), not by has_*_privilege per login role:
-- that recomputes each role's memberships and costs seconds on thousands of roles.
esc_ver AS (
  SELECT current_setting('server_version_num')::int AS num
), esc_definer AS (
  -- functions that run as a superuser whoever calls them, or that superusers run (event triggers)
  SELECT p.oid, p.pronamespace, p.proowner, o.rolname AS owner, o.rolsuper AS owner_super,
         p.prosecdef AND o.rolsuper AS prosecdef_ok, lg.lanname IN ('c', 'internal') AS compiled,
         format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sig,
         (SELECT substr(cfg, length('search_path=') + 1) FROM unnest(p.proconfig) AS cfg
           WHERE cfg LIKE 'search\_path=%') AS path
    FROM pg_proc AS p
    JOIN pg_namespace AS n ON n.oid = p.pronamespace
    JOIN pg_roles AS o ON o.oid = p.proowner
    JOIN pg_language AS lg ON lg.oid = p.prolang
   WHERE (p.prosecdef AND o.rolsuper)
      OR p.oid IN (SELECT evtfoid FROM pg_event_trigger WHERE evtenabled <> 'D')
), esc_lookup AS (
  -- the schemas a function's unqualified names can resolve to: a pinned search_path lists them
  -- ("$user" = the owner, pg_catalog and pg_temp left out: nobody but a superuser creates in
  -- pg_catalog, and pg_temp is never searched for functions or operators); without one the
  -- caller's path applies: for SECURITY DEFINER any schema (the caller sets it), for an event
  -- trigger run by a superuser this session's path (rank orders the schema shown). C and
  -- internal functions look nothing up by name unless their code runs SQL: left out unpinned.
  SELECT d.oid AS fn, s.oid AS nsp, s.nspname, e.pos AS rank
    FROM esc_definer AS d
   CROSS JOIN LATERAL unnest(string_to_array(d.path, ',')) WITH ORDINALITY AS e(entry, pos)
    JOIN pg_namespace AS s
      ON s.nspname = CASE WHEN btrim(e.entry) = '"$user"' OR btrim(e.entry) = '$user' THEN d.owner
                          WHEN btrim(e.entry) LIKE '"%"' THEN replace(substr(btrim(e.entry), 2, length(btrim(e.entry)) - 2), '""', '"')
                          ELSE lower(btrim(e.entry)) END
   WHERE d.path IS NOT NULL AND s.nspname <> 'pg_catalog' AND s.nspname NOT LIKE 'pg\_temp\_%'
  UNION ALL
  SELECT d.oid, s.oid, s.nspname, CASE WHEN s.oid = d.pronamespace THEN 0 ELSE 1 END
    FROM esc_definer AS d
    JOIN pg_namespace AS s ON s.nspname NOT IN ('pg_catalog', 'information_schema')
                          AND s.nspname NOT LIKE 'pg\_temp\_%' AND s.nspname NOT LIKE 'pg\_toast%'
   WHERE d.path IS NULL AND d.prosecdef_ok AND NOT d.compiled
), esc_schema_create AS (
  SELECT n.oid AS nsp, a.grantee AS holder
    FROM pg_namespace AS n
   CROSS JOIN LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
   WHERE a.privilege_type = 'CREATE'
  UNION
  SELECT n.oid, n.nspowner FROM pg_namespace AS n
), esc_cap AS (
  -- holder, attr (an attribute: usable through SET ROLE only), kind, target, the step the chain
  -- ends with, severity, fix, fn (a function the login role must also be able to run), rank
  SELECT r.oid AS holder, false AS attr, 'superuser' AS kind, r.rolname::text AS target,
         ' → SUPERUSER ' || quote_ident(r.rolname) AS step, 'Error' AS severity, NULL::text AS fix, NULL::oid AS fn, 0 AS rank
    FROM pg_roles AS r WHERE r.rolsuper
  UNION ALL
  SELECT r.oid, false, 'server_files', r.rolname::text,
         CASE r.rolname WHEN 'pg_execute_server_program' THEN ' → COPY ... PROGRAM: shell commands as the server account'
                        WHEN 'pg_write_server_files' THEN ' → COPY ... TO file: writes any file of the server account (configuration, data)'
                        ELSE ' → COPY ... FROM file: reads any file the server account can read (keys, password hashes)' END,
         CASE WHEN r.rolname = 'pg_read_server_files' THEN 'Warning' ELSE 'Error' END, NULL, NULL, 0
    FROM pg_roles AS r
   WHERE r.rolname IN ('pg_execute_server_program', 'pg_write_server_files', 'pg_read_server_files')
  UNION ALL
  SELECT r.oid, true, 'createrole', r.rolname::text,
         ' → CREATEROLE before PostgreSQL 16: can grant itself any non-superuser role (pg_execute_server_program)',
         'Error', format('ALTER ROLE %I NOCREATEROLE;', r.rolname), NULL, 0
    FROM pg_roles AS r CROSS JOIN esc_ver AS v
   WHERE r.rolcreaterole AND NOT r.rolsuper AND v.num < 160000
  UNION ALL
  SELECT g.grantee, false, 'parameter', g.parname,
         format(' → %s ON PARAMETER %s', g.privs, g.parname),
         CASE WHEN g.parname IN ('shared_preload_libraries', 'session_preload_libraries', 'local_preload_libraries',
                                 'dynamic_library_path', 'archive_command', 'archive_library', 'restore_command',
                                 'archive_cleanup_command', 'recovery_end_command', 'ssl_passphrase_command',
                                 'extension_control_path')
              THEN 'Error' ELSE 'Warning' END,
         format('REVOKE %s ON PARAMETER %s FROM %s;', g.privs,
                array_to_string(ARRAY(SELECT quote_ident(x) FROM unnest(string_to_array(g.parname, '.')) AS x), '.'),
                CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END),
         NULL, 0
    FROM esc_param_grant AS g
  UNION ALL
  -- SECURITY DEFINER owned by a superuser: whoever can create objects in a schema its names
  -- resolve to, and can run it (EXECUTE, or a trigger on a table it writes: checked per login)
  SELECT c.holder, false, 'security_definer', d.sig,
         format(' → CREATE ON SCHEMA %I → %s SECURITY DEFINER owned by superuser %I, %s', l.nspname, d.sig, d.owner,
                CASE WHEN d.path IS NULL THEN 'no pinned search_path' ELSE 'search_path=' || d.path END),
         'Error', NULL, d.oid, l.rank
    FROM esc_definer AS d
    JOIN esc_lookup AS l ON l.fn = d.oid
    JOIN esc_schema_create AS c ON c.nsp = l.nsp
   WHERE d.prosecdef_ok
  UNION ALL
  -- event triggers fire for a superuser's DDL and run their function as that superuser: whoever
  -- can replace the function (its owner) or create objects where its names resolve
  SELECT d.proowner, false, 'event_trigger', e.evtname::text,
         format(' → owns %s, the function of event trigger %I (runs as whoever runs DDL, superusers too)', d.sig, e.evtname),
         'Error', NULL, NULL, 0
    FROM pg_event_trigger AS e JOIN esc_definer AS d ON d.oid = e.evtfoid
   WHERE e.evtenabled <> 'D' AND NOT d.owner_super
  UNION ALL
  SELECT c.holder, false, 'event_trigger', e.evtname::text,
         format(' → CREATE ON SCHEMA %I → %s, the function of event trigger %I, %s (runs as whoever runs DDL, superusers too)',
                s.nspname, d.sig, e.evtname, CASE WHEN d.path IS NULL THEN 'no pinned search_path' ELSE 'search_path=' || d.path END),
         'Error', NULL, NULL, s.rank
    FROM pg_event_trigger AS e JOIN esc_definer AS d ON d.oid = e.evtfoid
    JOIN LATERAL (SELECT l.nsp, l.nspname, l.rank FROM esc_lookup AS l WHERE l.fn = d.oid AND d.path IS NOT NULL
                  UNION ALL
                  SELECT n.oid, n.nspname, p.pos FROM unnest(current_schemas(false)) WITH ORDINALITY AS p(name, pos)
                    JOIN pg_namespace AS n ON n.nspname = p.name
                   WHERE d.path IS NULL AND NOT d.compiled AND n.nspname <> 'pg_catalog') AS s ON true
    JOIN esc_schema_create AS c ON c.nsp = s.nsp
   WHERE e.evtenabled <> 'D'
  UNION ALL
  -- a language flagged trusted whose handler is one of the untrusted ones (plperlu, plpython,
  -- pltclu, PL/R, PL/sh): USAGE lets a non-superuser create functions that act as the server account
  SELECT a.grantee, false, 'untrusted_language', l.lanname::text,
         format(' → USAGE ON LANGUAGE %I (flagged trusted, handler %s runs code as the server account)', l.lanname, h.proname),
         'Error', format('REVOKE USAGE ON LANGUAGE %I FROM %s;', l.lanname,
                         CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END), NULL, 0
    FROM pg_language AS l
    JOIN pg_proc AS h ON h.oid = l.lanplcallfoid
   CROSS JOIN LATERAL aclexplode(coalesce(l.lanacl, acldefault('l', l.lanowner))) AS a
   WHERE l.lanpltrusted AND a.privilege_type = 'USAGE'
     AND (l.lanname IN ('plperlu', 'plpythonu', 'plpython2u', 'plpython3u', 'pltclu', 'plr', 'plsh')
          OR h.proname IN ('plperlu_call_handler', 'plpython_call_handler', 'plpython2_call_handler',
                           'plpython3_call_handler', 'pltclu_call_handler', 'plr_call_handler', 'plsh_handler'))
), esc_need AS (
  -- what running a superuser's SECURITY DEFINER function takes: (fn, way, holder) for both
  -- privileges of a way; way 0 = calling it, else the oid of a table a trigger of it is on
  SELECT d.oid AS fn, 0::oid AS way, 'execute' AS req, a.grantee AS holder
    FROM esc_definer AS d JOIN pg_proc AS p ON p.oid = d.oid
   CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
   WHERE d.prosecdef_ok AND a.privilege_type = 'EXECUTE'
  UNION
  SELECT d.oid, 0::oid, 'usage', a.grantee
    FROM esc_definer AS d JOIN pg_namespace AS n ON n.oid = d.pronamespace
   CROSS JOIN LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
   WHERE d.prosecdef_ok AND a.privilege_type = 'USAGE'
  UNION
  SELECT d.oid, c.oid, 'write', a.grantee
    FROM esc_definer AS d
    JOIN pg_trigger AS t ON t.tgfoid = d.oid AND NOT t.tgisinternal AND t.tgenabled <> 'D'
    JOIN pg_class AS c ON c.oid = t.tgrelid
   CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS a
   WHERE d.prosecdef_ok AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
  UNION
  SELECT d.oid, c.oid, 'usage', a.grantee
    FROM esc_definer AS d
    JOIN pg_trigger AS t ON t.tgfoid = d.oid AND NOT t.tgisinternal AND t.tgenabled <> 'D'
    JOIN pg_class AS c ON c.oid = t.tgrelid
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
   CROSS JOIN LATERAL aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
   WHERE d.prosecdef_ok
     AND a.privilege_type = 'USAGE'
  UNION
  -- owners hold what they could grant themselves again
  SELECT d.oid, 0::oid, 'usage', n.nspowner
    FROM esc_definer AS d JOIN pg_namespace AS n ON n.oid = d.pronamespace
   WHERE d.prosecdef_ok
  UNION
  SELECT d.oid, c.oid, x.req, CASE x.req WHEN 'write' THEN c.relowner ELSE n.nspowner END
    FROM esc_definer AS d
    JOIN pg_trigger AS t ON t.tgfoid = d.oid AND NOT t.tgisinternal AND t.tgenabled <> 'D'
    JOIN pg_class AS c ON c.oid = t.tgrelid
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
   CROSS JOIN (VALUES ('write'), ('usage')) AS x(req)
   WHERE d.prosecdef_ok
), esc_seed AS (
  SELECT DISTINCT c.holder, c.attr
    FROM esc_cap AS c JOIN pg_roles AS r ON r.oid = c.holder
   WHERE NOT r.rolsuper OR c.kind = 'superuser'
  UNION
  SELECT DISTINCT n.holder, false
    FROM esc_need AS n JOIN pg_roles AS r ON r.oid = n.holder
   WHERE NOT r.rolsuper
), esc_reach(member, holder, attr, inh, depth, next, next_inh, super) AS (
  -- inh: from member on, every hop passes privileges on (INHERIT); otherwise member reaches,
  -- through SET-capable hops, a role that inherits them. An attribute needs SET all the way.
  -- super: member is a superuser (the search stops there, past the holder itself).
  SELECT s.holder, s.holder, s.attr, NOT s.attr, 0, 0::oid, NULL::boolean, r.rolsuper
    FROM esc_seed AS s JOIN pg_roles AS r ON r.oid = s.holder
  UNION
  SELECT g.member, r.holder, r.attr, r.inh AND g.inh, r.depth + 1, r.member, r.inh, g.super
    FROM esc_reach AS r
   CROSS JOIN esc_ver AS v
   CROSS JOIN LATERAL (
     SELECT am.member, m.rolsuper AS super,
            CASE WHEN v.num >= 160000 THEN (to_jsonb(am) ->> 'inherit_option')::boolean OR (am.admin_option AND NOT r.super)
                 ELSE m.rolinherit END AS inh,
            v.num < 160000 OR (to_jsonb(am) ->> 'set_option')::boolean OR (am.admin_option AND NOT r.super) AS can_set
       FROM pg_auth_members AS am JOIN pg_roles AS m ON m.oid = am.member
      WHERE am.roleid = r.member) AS g
   WHERE r.depth < 12 AND ((r.inh AND g.inh) OR g.can_set) AND (r.depth = 0 OR NOT r.super)
), esc_next AS (
  -- one deterministic next hop per state: the first by name
  SELECT DISTINCT ON (r.member, r.holder, r.attr, r.inh, r.depth) r.member, r.holder, r.attr, r.inh, r.depth, r.next, r.next_inh
    FROM esc_reach AS r JOIN pg_roles AS n ON n.oid = r.next
   WHERE r.depth > 0
   ORDER BY r.member, r.holder, r.attr, r.inh, r.depth, n.rolname, r.next_inh DESC
), esc_login AS (
  SELECT oid, rolname FROM pg_roles WHERE rolcanlogin AND NOT rolsuper
), esc_has AS (
  -- login roles that hold each need (themselves, through a chain, or as PUBLIC)
  SELECT DISTINCT r.member AS login, n.fn, n.way, n.req
    FROM esc_need AS n JOIN esc_reach AS r ON r.holder = n.holder AND NOT r.attr
    JOIN esc_login AS l ON l.oid = r.member
  UNION
  SELECT l.oid, n.fn, n.way, n.req FROM esc_need AS n CROSS JOIN esc_login AS l WHERE n.holder = 0
), esc_invoke AS (
  SELECT DISTINCT login, fn FROM esc_has GROUP BY login, fn, way HAVING count(DISTINCT req) = 2
), esc_hit AS (
  -- per (login role, kind, target) the shortest way: fewest hops, then the capability's rank
  -- and the holder's name
  SELECT DISTINCT ON (x.login, x.kind, x.target) x.*
    FROM (SELECT l.oid AS login, l.rolname AS login_name, c.kind, c.target, c.step, c.severity, c.fix, c.fn, c.rank,
                 c.holder, c.attr, r.inh, r.depth, h.rolname AS holder_name
            FROM esc_reach AS r
            JOIN esc_login AS l ON l.oid = r.member
            JOIN esc_cap AS c ON c.holder = r.holder AND c.attr = r.attr
            JOIN pg_roles AS h ON h.oid = c.holder
           WHERE NOT h.rolsuper OR c.kind = 'superuser'
          UNION ALL
          SELECT l.oid, l.rolname, c.kind, c.target, c.step, c.severity, c.fix, c.fn, c.rank, 0, c.attr, true, 0, 'PUBLIC'
            FROM esc_cap AS c CROSS JOIN esc_login AS l
           WHERE c.holder = 0) AS x
   WHERE x.fn IS NULL OR EXISTS (SELECT 1 FROM esc_invoke AS i WHERE i.login = x.login AND i.fn = x.fn)
   ORDER BY x.login, x.kind, x.target, x.depth, x.rank, x.holder_name, x.inh DESC
), esc_walk(login, kind, target, node, holder, attr, inh, depth, chain, last_member) AS (
  SELECT h.login, h.kind, h.target, h.login, h.holder, h.attr, h.inh, h.depth,
         quote_ident(h.login_name) || CASE WHEN h.holder = 0 THEN ' → (PUBLIC)' ELSE '' END, 0::oid
    FROM esc_hit AS h
  UNION ALL
  SELECT w.login, w.kind, w.target, n.next, w.holder, w.attr, n.next_inh, w.depth - 1,
         w.chain || ' → (' || (
           SELECT CASE WHEN w.inh AND bool_or(CASE WHEN v.num >= 160000 THEN (to_jsonb(am) ->> 'inherit_option')::boolean ELSE m.rolinherit END)
                       THEN 'member, INHERIT'
                       WHEN NOT w.inh AND bool_or(v.num < 160000 OR (to_jsonb(am) ->> 'set_option')::boolean)
                       THEN 'member, SET'
                       ELSE 'ADMIN OPTION: can grant itself the membership' END
             FROM pg_auth_members AS am JOIN pg_roles AS m ON m.oid = am.member CROSS JOIN esc_ver AS v
            WHERE am.member = w.node AND am.roleid = n.next)
         || ') → ' || quote_ident(r.rolname),
         w.node
    FROM esc_walk AS w
    JOIN esc_next AS n ON n.member = w.node AND n.holder = w.holder AND n.attr = w.attr AND n.inh = w.inh AND n.depth = w.depth
    JOIN pg_roles AS r ON r.oid = n.next
   WHERE w.depth > 0
), esc_path AS (
  SELECT h.login_name::text AS role, h.kind, h.severity, h.target, h.depth AS hops,
         w.chain || h.step AS chain,
         coalesce(h.fix,
                  CASE WHEN h.depth > 0 AND h.kind IN ('superuser', 'server_files') THEN
                    (SELECT string_agg(DISTINCT CASE WHEN v.num >= 160000
                                            THEN format('REVOKE %I FROM %I GRANTED BY %I;', h.holder_name, pg_get_userbyid(w.last_member), pg_get_userbyid(g.grantor))
                                            ELSE format('REVOKE %I FROM %I;', h.holder_name, pg_get_userbyid(w.last_member)) END, ' ')
                       FROM pg_auth_members AS g CROSS JOIN esc_ver AS v WHERE g.member = w.last_member AND g.roleid = h.holder)
                  END) AS fix
    FROM esc_hit AS h
    JOIN esc_walk AS w ON w.login = h.login AND w.kind = h.kind AND w.target = h.target AND w.depth = 0
)
-- end block: escalation-paths
