// The large catalog of the privilege-graph bench (test/bench/privgraph.ts): role graph, schemas,
// tables and functions, as SQL statements small enough for the lock table.
export const ROLES = Number(process.env.BENCH_PRIVGRAPH_ROLES ?? 10_000);
export const SCHEMAS = Number(process.env.BENCH_PRIVGRAPH_SCHEMAS ?? 2_000);
export const FUNCTIONS = Number(process.env.BENCH_PRIVGRAPH_FUNCTIONS ?? 20_000);

export function graphSql(major: number): string {
  const groups = Math.floor(ROLES / 10);
  const per = groups / 5;
  const opts = major >= 16
    ? `' WITH ADMIN ' || (random() < 0.05) || ', INHERIT ' || (random() < 0.7) || ', SET ' || (random() < 0.7)`
    : `CASE WHEN random() < 0.05 THEN ' WITH ADMIN OPTION' ELSE '' END`;
  return `
SELECT setseed(0.21);
DO $$
DECLARE i int; j int; k int; base int;
BEGIN
  FOR i IN 0..${groups - 1} LOOP EXECUTE format('CREATE ROLE pgb_g%s NOLOGIN', i); END LOOP;
  FOR i IN 0..${ROLES - groups - 1} LOOP EXECUTE format('CREATE ROLE pgb_u%s LOGIN', i); END LOOP;
  FOR i IN ${per}..${groups - 1} LOOP
    base := (i / ${per} - 1) * ${per};
    j := floor(random() * ${per})::int;
    k := (j + 1 + floor(random() * ${per - 1})::int) % ${per};
    EXECUTE format('GRANT pgb_g%s TO pgb_g%s', base + j, i) || ${opts};
    EXECUTE format('GRANT pgb_g%s TO pgb_g%s', base + k, i) || ${opts};
  END LOOP;
  FOR i IN 0..${ROLES - groups - 1} LOOP
    FOR j IN 1..CASE WHEN i % 4 = 0 THEN 5 ELSE 4 END LOOP
      BEGIN
        EXECUTE format('GRANT pgb_g%s TO pgb_u%s', floor(random() * ${groups})::int, i) || ${opts};
      EXCEPTION WHEN others THEN NULL; -- the same group twice
      END;
    END LOOP;
  END LOOP;
END $$;
CREATE ROLE pgb_dba NOLOGIN SUPERUSER;
GRANT pgb_dba TO pgb_g7;
GRANT pg_execute_server_program TO pgb_g${Math.floor(groups * 0.3)};
GRANT pg_read_server_files TO pgb_g${Math.floor(groups * 0.84)};
CREATE ROLE pgb_creator NOLOGIN CREATEROLE;
GRANT pgb_creator TO pgb_g${Math.floor(groups * 0.5)};
`;
}

/** Schemas, tables and functions, in transactions small enough for the lock table. */
export function objectSql(): string[] {
  const groups = Math.floor(ROLES / 10);
  const out: string[] = [];
  for (let from = 0; from < SCHEMAS; from += 400) {
    out.push(`SELECT setseed(${(from + 1) / (SCHEMAS + 1)}); DO $$ DECLARE i int; BEGIN
  FOR i IN ${from}..${Math.min(SCHEMAS, from + 400) - 1} LOOP
    EXECUTE format('CREATE SCHEMA pgb_s%s', i);
    EXECUTE format('GRANT USAGE ON SCHEMA pgb_s%s TO PUBLIC', i);
    EXECUTE format('GRANT CREATE ON SCHEMA pgb_s%s TO pgb_g%s', i, floor(random() * ${groups})::int);
    EXECUTE format('CREATE TABLE pgb_s%s.t (a int)', i);
  END LOOP; END $$`);
  }
  for (let from = 0; from < FUNCTIONS; from += 2000) {
    out.push(`SET check_function_bodies = off; SELECT setseed(${(from + 1) / (FUNCTIONS + 1)}); DO $$ DECLARE i int; s int; BEGIN
  FOR i IN ${from}..${Math.min(FUNCTIONS, from + 2000) - 1} LOOP
    s := i % ${SCHEMAS};
    IF i % 10 = 0 THEN
      EXECUTE format('CREATE FUNCTION pgb_s%s.f%s(q text) RETURNS int LANGUAGE %s SECURITY DEFINER %s AS %L', s, i,
        CASE WHEN i % 70 = 0 THEN 'plpgsql' ELSE 'sql' END,
        CASE WHEN i % 30 = 0 THEN '' ELSE format('SET search_path = pgb_s%s, pg_temp', (s + 1) % ${SCHEMAS}) END,
        CASE WHEN i % 70 = 0 THEN 'BEGIN EXECUTE q; RETURN 1; END' ELSE 'SELECT count(*)::int FROM t WHERE a = length(q)' END);
      IF i % 20 <> 0 THEN EXECUTE format('ALTER FUNCTION pgb_s%s.f%s(text) OWNER TO pgb_g%s', s, i, floor(random() * ${groups})::int); END IF;
      IF i % 40 = 0 THEN EXECUTE format('REVOKE EXECUTE ON FUNCTION pgb_s%s.f%s(text) FROM PUBLIC', s, i); END IF;
    ELSE
      EXECUTE format('CREATE FUNCTION pgb_s%s.f%s() RETURNS int LANGUAGE sql AS %L', s, i, 'SELECT 1');
    END IF;
  END LOOP; END $$`);
  }
  out.push('ANALYZE');
  return out;
}

