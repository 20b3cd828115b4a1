-- Before PostgreSQL 15 pg_ident.conf cannot be read from SQL: no rows (checks say so).
SELECT NULL::text AS map_name, NULL::int AS line_number, NULL::text AS file_name, NULL::text AS sys_name, NULL::text AS pg_username,
       NULL::oid AS role_oid, NULL::name AS rolname, NULL::boolean AS foreign_user, NULL::text AS example_user, NULL::boolean AS changed_since_load
 WHERE false
