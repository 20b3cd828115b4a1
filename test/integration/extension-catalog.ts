// What the extension is, read from the catalog: every member object with its definition,
// columns, row-level security and policies, comment (and its columns' comments) and ACL,
// the config-dump registrations and the extension's dependencies.
// Two databases whose snapshots are equal have the same sec_check, however they got it
// (fresh install, upgrade, restore).
import type pg from 'pg';
import { execOk } from '../../src/harness/exec.ts';
import type { Cluster } from '../../src/harness/index.ts';
import { ensureClientTools } from '../../src/harness/index.ts';

const MEMBERS = `
  SELECT pg_describe_object(d.classid, d.objid, 0) AS object,
         CASE d.classid
           WHEN 'pg_proc'::regclass THEN pg_get_functiondef(d.objid)
           WHEN 'pg_class'::regclass THEN (SELECT CASE relkind WHEN 'v' THEN pg_get_viewdef(oid) ELSE relkind::text END FROM pg_class WHERE oid = d.objid)
             || (SELECT coalesce(string_agg(format('%s %s%s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                       CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                       CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END,
                       coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), '')), ', ' ORDER BY a.attnum), '')
                   FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                  WHERE a.attrelid = d.objid AND a.attnum > 0 AND NOT a.attisdropped)
             || (SELECT coalesce(string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname), '')
                   FROM pg_constraint WHERE conrelid = d.objid)
             || (SELECT coalesce(string_agg(pg_get_indexdef(indexrelid), '; ' ORDER BY indexrelid::regclass::text), '')
                   FROM pg_index WHERE indrelid = d.objid)
             || (SELECT coalesce(string_agg(pg_get_triggerdef(oid), '; ' ORDER BY tgname), '')
                   FROM pg_trigger WHERE tgrelid = d.objid AND NOT tgisinternal)
             || (SELECT CASE WHEN relrowsecurity THEN ' ROW LEVEL SECURITY' ELSE '' END
                        || CASE WHEN relforcerowsecurity THEN ' FORCE' ELSE '' END FROM pg_class WHERE oid = d.objid)
             || (SELECT coalesce(string_agg(format(' POLICY %s %s %s TO %s USING (%s) CHECK (%s) -- %s', p.polname, p.polcmd,
                       CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END, p.polroles::regrole[]::text,
                       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                       obj_description(p.oid, 'pg_policy')), ';' ORDER BY p.polname), '')
                   FROM pg_policy p WHERE p.polrelid = d.objid)
           ELSE '' END AS definition,
         obj_description(d.objid, d.classid::regclass::name) AS comment,
         CASE d.classid WHEN 'pg_class'::regclass THEN
           (SELECT string_agg(a.attname || ': ' || coalesce(col_description(a.attrelid, a.attnum), '(none)'), '; ' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = d.objid AND a.attnum > 0 AND NOT a.attisdropped) END AS column_comments,
         CASE d.classid
           WHEN 'pg_proc'::regclass THEN (SELECT proacl::text FROM pg_proc WHERE oid = d.objid)
           WHEN 'pg_class'::regclass THEN (SELECT relacl::text FROM pg_class WHERE oid = d.objid)
           WHEN 'pg_namespace'::regclass THEN (SELECT nspacl::text FROM pg_namespace WHERE oid = d.objid)
         END AS acl
    FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
   WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'sec_check'
   ORDER BY 1`;

const EXTENSION = `
  SELECT e.extversion,
         (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(e.extconfig) c) AS config,
         (SELECT array_agg(x ORDER BY x) FROM unnest(e.extcondition) x) AS conditions,
         (SELECT array_agg(r.extname::text ORDER BY r.extname) FROM pg_depend d JOIN pg_extension r ON r.oid = d.refobjid
           WHERE d.classid = 'pg_extension'::regclass AND d.objid = e.oid AND d.refclassid = 'pg_extension'::regclass) AS requires
    FROM pg_extension e WHERE e.extname = 'sec_check'`;

export interface ExtensionSnapshot {
  extension: Record<string, unknown>;
  members: { object: string; definition: string; comment: string | null; column_comments: string | null; acl: string | null }[];
}

export async function extensionSnapshot(client: pg.Client): Promise<ExtensionSnapshot> {
  const [extension] = (await client.query(EXTENSION)).rows;
  const members = (await client.query(MEMBERS)).rows;
  return { extension, members };
}

/** The server's own psql (15's for 15, else 18's), for the things only psql shows (\dx) and restores; throws on any error. */
export async function psql(cluster: Cluster, database: string, args: string[]): Promise<string> {
  const tools = await ensureClientTools(cluster.install.major === 15 ? 15 : 18);
  const r = await execOk(tools.psql, ['-X', '-v', 'ON_ERROR_STOP=1', '-h', cluster.socketDir, '-p', String(cluster.port), '-U', 'postgres', '-d', database, ...args], { timeoutMs: 120_000 });
  return r.stdout;
}
