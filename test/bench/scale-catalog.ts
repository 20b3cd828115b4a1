// Large catalogs for the scale and growth benches, built in stages on one cluster and kept in
// the harness cache (a stopped data directory per scale point), so only the first run pays
// for the build. The catalog: N schemas × 1,000 tables (an int primary key and an indexed
// int column: 3 relations each), every 10th table granted to PUBLIC, a superuser's SECURITY
// DEFINER function every 50 tables, login roles in a web of group memberships; VACUUM
// ANALYZE at each stage. Deterministic: the same stage always has the same objects.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { cacheDir, type Cluster } from '../../src/harness/index.ts';

export interface Stage {
  /** label printed by the benches */
  name: string;
  /** schemas of 1,000 tables (3 relations each) */
  schemas: number;
  /** login roles + group roles (one in ten is a group) */
  roles: number;
  /** kept in the cache: the two scale points of the issue */
  cached: boolean;
}

// The growth series (10k, 100k, 1M relations at 1k-2k roles), the scale points (250k
// relations / 2k roles, 1.3M / 10k) and, at 10k relations, 1k against 10k roles.
export const STAGES: Stage[] = [
  { name: '10k relations, 1k roles', schemas: 3, roles: 1000, cached: false },
  { name: '10k relations, 10k roles', schemas: 3, roles: 10000, cached: false },
  { name: '100k relations, 1k roles', schemas: 33, roles: 1000, cached: false },
  { name: '250k relations, 2k roles', schemas: 83, roles: 2000, cached: true },
  { name: '1M relations, 2k roles', schemas: 333, roles: 2000, cached: false },
  { name: '1.3M relations, 10k roles', schemas: 433, roles: 10000, cached: true },
];

/** Settings for building (and, since the data directory is reused, for measuring): nothing
 *  the audited catalog depends on, only what makes hours of DDL take minutes. */
export const BUILD_SETTINGS = {
  fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', autovacuum: 'off',
  max_wal_size: '8GB', checkpoint_timeout: '1h', max_locks_per_transaction: '4096',
};

const SCHEMAS_SQL = (from: number, to: number) => `
DO $$
DECLARE s int; t int; sn text; tn text;
BEGIN
  FOR s IN ${from}..${to} LOOP
    sn := format('s%s', lpad(s::text, 4, '0'));
    EXECUTE format('CREATE SCHEMA %I', sn);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO PUBLIC', sn);
    FOR t IN 1..1000 LOOP
      tn := format('t%s', lpad(t::text, 4, '0'));
      EXECUTE format('CREATE TABLE %I.%I (id int PRIMARY KEY, v int)', sn, tn);
      EXECUTE format('CREATE INDEX %I ON %I.%I (v)', tn || '_v', sn, tn);
      IF t % 10 = 0 THEN EXECUTE format('GRANT SELECT ON %I.%I TO PUBLIC', sn, tn); END IF;
      IF t % 50 = 0 THEN
        EXECUTE format('CREATE FUNCTION %I.%I() RETURNS int LANGUAGE sql SECURITY DEFINER AS %L', sn, 'f' || tn, 'SELECT 1');
      END IF;
    END LOOP;
  END LOOP;
END $$`;

/** Roles from..to (1-based): every 10th a NOLOGIN group, the others login roles, each login
 *  role in three groups and each group in up to two groups of lower number (a DAG web). */
const ROLES_SQL = (from: number, to: number) => `
DO $$
DECLARE i int; g int; groups int := greatest(1, ${to} / 10);
BEGIN
  FOR i IN ${from}..${to} LOOP
    IF i % 10 = 0 THEN EXECUTE format('CREATE ROLE %I NOLOGIN', 'scale_g' || (i / 10));
    ELSE EXECUTE format('CREATE ROLE %I LOGIN', 'scale_u' || i);
    END IF;
  END LOOP;
  FOR i IN ${from}..${to} LOOP
    IF i % 10 = 0 THEN
      g := i / 10;
      IF g > 1 THEN EXECUTE format('GRANT %I TO %I', 'scale_g' || (g / 2), 'scale_g' || g); END IF;
      IF g > 3 THEN EXECUTE format('GRANT %I TO %I', 'scale_g' || (g * 3 / 5), 'scale_g' || g); END IF;
    ELSE
      FOR g IN SELECT DISTINCT x FROM unnest(ARRAY[1 + (i * 7) % groups, 1 + (i * 13 + 1) % groups, 1 + (i * 31 + 2) % groups]) AS x
                WHERE x * 10 <= ${to} LOOP
        EXECUTE format('GRANT %I TO %I', 'scale_g' || g, 'scale_u' || i);
      END LOOP;
    END IF;
  END LOOP;
END $$`;

const DROP_ROLES_SQL = (from: number, to: number) => `
DO $$
DECLARE i int;
BEGIN
  FOR i IN REVERSE ${to}..${from} LOOP
    IF i % 10 = 0 THEN EXECUTE format('DROP ROLE %I', 'scale_g' || (i / 10));
    ELSE EXECUTE format('DROP ROLE %I', 'scale_u' || i);
    END IF;
  END LOOP;
END $$`;

/** Identifies the builder: a change to the catalog's definition builds a new cache. */
export const CATALOG_VERSION = createHash('sha256').update(SCHEMAS_SQL(1, 1) + ROLES_SQL(1, 1) + JSON.stringify(STAGES) + JSON.stringify(BUILD_SETTINGS)).digest('hex').slice(0, 12);

export function scaleCacheDir(): string {
  return path.join(cacheDir(), 'scale', `pg18-${CATALOG_VERSION}`);
}

export function cachedDataDir(stage: Stage): string {
  return path.join(scaleCacheDir(), stage.name.replace(/[^a-z0-9]+/gi, '-'));
}

/** What the database holds now: schemas of the builder, scale roles. */
async function current(client: pg.Client): Promise<{ schemas: number; roles: number }> {
  const [r] = (await client.query(`SELECT (SELECT count(*) FROM pg_namespace WHERE nspname ~ '^s[0-9]{4}$')::int AS schemas,
    (SELECT count(*) FROM pg_roles WHERE rolname ~ '^scale_[ug][0-9]+$')::int AS roles`)).rows;
  return r;
}

/** Grows (or, for roles, shrinks) the catalog to the stage; returns seconds spent. */
export async function buildStage(client: pg.Client, stage: Stage, log: (s: string) => void): Promise<number> {
  const t0 = performance.now();
  const have = await current(client);
  const step = 10;
  for (let s = have.schemas + 1; s <= stage.schemas; s += step) {
    const to = Math.min(stage.schemas, s + step - 1);
    await client.query(SCHEMAS_SQL(s, to));
    log(`  schemas ${to}/${stage.schemas} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  if (have.roles < stage.roles) {
    for (let r = have.roles + 1; r <= stage.roles; r += 2000) await client.query(ROLES_SQL(r, Math.min(stage.roles, r + 1999)));
  } else if (have.roles > stage.roles) {
    await client.query(DROP_ROLES_SQL(stage.roles + 1, have.roles));
  }
  if (have.schemas < stage.schemas || have.roles !== stage.roles) {
    log('  VACUUM ANALYZE');
    await client.query('VACUUM ANALYZE');
  }
  return (performance.now() - t0) / 1000;
}

/** The harness writes its lines (port, socket directory) after this marker in postgresql.conf. */
const HARNESS_MARK = '# --- added by the sec_check test harness ---';

/**
 * Puts a cached data directory in place of the cluster's own (the cluster's server must be
 * stopped), keeping the cluster's port and socket lines. Returns a function that moves the
 * directory back into the cache (call it with the server stopped).
 */
export async function adoptDataDir(cluster: Cluster, cached: string): Promise<() => Promise<void>> {
  const own = cluster.dataDir;
  const ownConf = readFileSync(path.join(own, 'postgresql.conf'), 'utf8');
  const harnessLines = ownConf.slice(ownConf.indexOf(HARNESS_MARK));
  const aside = `${own}.fresh`;
  await fs.rename(own, aside);
  await fs.rename(cached, own);
  const conf = path.join(own, 'postgresql.conf');
  const text = readFileSync(conf, 'utf8');
  writeFileSync(conf, text.slice(0, text.indexOf(HARNESS_MARK)) + harnessLines);
  await fs.rm(path.join(own, 'postmaster.pid'), { force: true });
  return async () => {
    await fs.rename(own, cached);
    await fs.rename(aside, own);
  };
}

/** Keeps a copy of the cluster's data directory (server paused) as the cache of this stage;
 *  `move` gives the directory itself away (the last stage: nothing is built after it). */
export async function keepDataDir(cluster: Cluster, stage: Stage, move = false): Promise<void> {
  const target = cachedDataDir(stage);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rm(target, { recursive: true, force: true });
  // cp -a: owner and modes preserved (the server refuses a data directory it does not own)
  if (move) await fs.rename(cluster.dataDir, target);
  else execFileSync('cp', ['-a', cluster.dataDir, `${target}.partial`]);
  if (!move) await fs.rename(`${target}.partial`, target);
  await fs.rm(path.join(target, 'postmaster.pid'), { force: true });
}

export function isCached(stage: Stage): boolean {
  return existsSync(path.join(cachedDataDir(stage), 'PG_VERSION'));
}
