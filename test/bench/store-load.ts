// The concurrent store load: in-database runs in parallel loops, a DDL storm recorded by
// the DDL trail, host-agent posts and retention purges, all at once against one server.
// Shared by the bench (test/bench/concurrency.ts, >= 60 s, prints the numbers) and the
// integration test (test/integration/store-concurrency.test.ts, shorter, asserts them).
// Every error is counted by SQLSTATE; 40P01 (deadlock detected) is the one that must not occur.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';

export interface LoadOptions {
  seconds: number;
  /** parallel sec_check.run() loops (half as the superuser, half as an auditor role) */
  runLoops: number;
  /** parallel DDL loops (CREATE / ALTER / DROP TABLE, each statement its own transaction) */
  ddlLoops: number;
  /** parallel host-agent posting loops (at most 4: each posts as its own agent role, as agents on different hosts would) */
  agentLoops: number;
  /** a sec_check.purge() loop (keeps a few seconds of runs) */
  purge: boolean;
}

export interface LoadStats {
  seconds: number;
  runsDone: number;
  runsFailed: number;
  agentPosts: number;
  agentFailed: number;
  purges: number;
  purgedRuns: number;
  /** error SQLSTATE (or message) -> count, over every loop */
  errors: Record<string, number>;
  deadlocks: number;
  ddlIssued: number;
  ddlRecorded: number;
  /** statements that committed but are not in sec_check.ddl_log */
  ddlLost: string[];
  trailWarnings: number;
  chainOk: boolean;
  chainRows: number;
  /** stores that committed (each records the trail's head in ddl_log_heads, which purge keeps) */
  storesRecorded: number;
}

/** Roles and settings the load needs; call once per server. */
export async function prepareLoad(cluster: Cluster): Promise<void> {
  await cluster.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'load_auditor') THEN CREATE ROLE load_auditor LOGIN; END IF;
      FOR i IN 0..3 LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'load_agent_' || i) THEN EXECUTE format('CREATE ROLE %I LOGIN', 'load_agent_' || i); END IF;
        PERFORM sec_check.grant_agent_access(('load_agent_' || i)::regrole);
      END LOOP;
    END $$`);
  await cluster.query(`GRANT pg_monitor, pg_read_all_settings TO load_auditor`);
  await cluster.query(`SELECT sec_check.grant_audit_access('load_auditor')`);
  await cluster.query(`SELECT sec_check.ddl_audit_enable()`);
}

/** A host-agent document for the built-in pack's shell checks, as `sec-check agent` posts it. */
async function agentDocument(cluster: Cluster): Promise<Record<string, any>> {
  const [{ doc }] = await cluster.query(`
    SELECT jsonb_build_object(
      'format', 'sec_check-report', 'format_version', 1,
      'tool', jsonb_build_object('name', 'sec_check', 'version', 'load'),
      'report', jsonb_build_object('header', p.pack #>> '{config,header}', 'report_name', p.pack #>> '{config,report_name}', 'description', ''),
      'run', jsonb_build_object('origin', 'agent', 'runtime', 'node', 'locale', 'en', 'groups', NULL,
                                'server', jsonb_build_object('database', current_database())),
      'sections', '[]'::jsonb,
      'results', jsonb_agg(jsonb_build_object(
        'section', s.key, 'check_id', i ->> 'id', 'name', i ->> 'name', 'description', i ->> 'description',
        'severity', i ->> 'severity', 'cis', i ->> 'cis', 'status', 'Success', 'skip_reason', NULL,
        'short_description', 'ok', 'full_description', '', 'recommendation', '',
        'executors', jsonb_build_array(jsonb_build_object('script', i #>> '{executors,0,script}', 'kind', 'shell',
                       'stdout', '', 'stderr', '', 'return_code', 0, 'error', NULL, 'duration_ms', 1)),
        'duration_ms', 1))) AS doc
      FROM sec_check.packs p, jsonb_each(p.pack #> '{config,section}') s(key, sec), jsonb_array_elements(s.sec -> 'items') i
     WHERE p.name = 'builtin' AND (i #>> '{executors,0,script}') LIKE '%.sh'
     GROUP BY p.pack`);
  return doc;
}

const GROUPS: (string[] | null)[] = [null, ['logging'], ['access', 'permissions'], ['connections'], ['settings', 'installation'], null];

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function codeOf(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err?.code ?? String(err?.message ?? e).slice(0, 80);
}

/** Runs the load for opts.seconds and reports what happened. */
export async function runLoad(cluster: Cluster, opts: LoadOptions): Promise<LoadStats> {
  const stats: LoadStats = {
    seconds: opts.seconds, runsDone: 0, runsFailed: 0, agentPosts: 0, agentFailed: 0, purges: 0, purgedRuns: 0,
    errors: {}, deadlocks: 0, ddlIssued: 0, ddlRecorded: 0, ddlLost: [], trailWarnings: 0, chainOk: false, chainRows: 0, storesRecorded: 0,
  };
  const heads = async () => Number((await cluster.query('SELECT count(*) AS n FROM sec_check.ddl_log_heads'))[0].n);
  const headsBefore = await heads();
  const fail = (e: unknown) => {
    const code = codeOf(e);
    stats.errors[code] = (stats.errors[code] ?? 0) + 1;
    if (code === '40P01') stats.deadlocks++;
  };
  const tag = `ddlstorm_${Date.now().toString(36)}`;
  const issued: string[] = [];
  const template = await agentDocument(cluster);
  const until = Date.now() + opts.seconds * 1000;
  const clients: pg.Client[] = [];
  const open = async (user = 'postgres') => {
    const c = await cluster.connect(user);
    c.on('notice', (n) => { if (/not recorded in the DDL trail/.test(n.message ?? '')) stats.trailWarnings++; });
    clients.push(c);
    return c;
  };

  const runLoop = async (n: number) => {
    const c = await open(n % 2 === 0 ? 'postgres' : 'load_auditor');
    for (let i = n; Date.now() < until; i++) {
      try {
        await c.query('SELECT count(*) FROM sec_check.run($1::text[])', [GROUPS[i % GROUPS.length]]);
        stats.runsDone++;
      } catch (e) {
        stats.runsFailed++;
        fail(e);
      }
    }
  };
  const ddlLoop = async (n: number) => {
    const c = await open();
    for (let i = 0; Date.now() < until; i++) {
      const t = `${tag}_${n}_${i}`;
      for (const sql of [`CREATE TABLE public.${t} (id int)`, `ALTER TABLE public.${t} ADD COLUMN v text`, `DROP TABLE public.${t}`]) {
        try {
          await c.query(sql);
          issued.push(sql);
        } catch (e) {
          fail(e);
          break;
        }
      }
    }
  };
  const agentLoop = async (n: number) => {
    const c = await open(`load_agent_${n}`);
    for (let i = 0; Date.now() < until; i++) {
      const now = new Date().toISOString();
      const doc = {
        ...template,
        run: { ...template.run, started_at: now, finished_at: now, agent_cycle: randomUUID() },
        // flip between passing and failing so every post changes the finding lifecycle, and
        // post in a different order each time (another agent version, another pack layout)
        results: shuffled(template.results.map((r: Record<string, unknown>, k: number) => ({ ...r, status: (i + k + n) % 3 === 0 ? 'Warning' : 'Success' }))),
      };
      try {
        await c.query('SELECT sec_check.record_run($1::jsonb)', [JSON.stringify(doc)]);
        stats.agentPosts++;
      } catch (e) {
        stats.agentFailed++;
        fail(e);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const purgeLoop = async () => {
    const c = await open();
    while (Date.now() < until) {
      try {
        const { rows } = await c.query(`SELECT sec_check.purge('4 seconds') AS n`);
        stats.purges++;
        stats.purgedRuns += Number(rows[0].n);
      } catch (e) {
        fail(e);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  try {
    await Promise.all([
      ...Array.from({ length: opts.runLoops }, (_, n) => runLoop(n)),
      ...Array.from({ length: opts.ddlLoops }, (_, n) => ddlLoop(n)),
      ...Array.from({ length: opts.agentLoops }, (_, n) => agentLoop(n)),
      ...(opts.purge ? [purgeLoop()] : []),
    ]);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }

  stats.storesRecorded = (await heads()) - headsBefore;
  stats.ddlIssued = issued.length;
  const recorded = new Set((await cluster.query<{ statement: string }>(
    `SELECT DISTINCT statement FROM sec_check.ddl_log WHERE statement LIKE $1`, [`%${tag}%`])).map((r) => r.statement));
  stats.ddlRecorded = issued.filter((s) => recorded.has(s)).length;
  stats.ddlLost = issued.filter((s) => !recorded.has(s));
  const [verify] = await cluster.query<{ ok: boolean; rows_checked: string }>('SELECT ok, rows_checked FROM sec_check.ddl_log_verify()');
  stats.chainOk = verify.ok;
  stats.chainRows = Number(verify.rows_checked);
  return stats;
}

/** The numbers, one per line, for the bench output and test logs. */
export function formatLoad(s: LoadStats, opts: LoadOptions): string[] {
  const errs = Object.entries(s.errors).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  return [
    `load: ${opts.runLoops} run loops, ${opts.ddlLoops} DDL loops, ${opts.agentLoops} agent loop(s)${opts.purge ? ', purge loop' : ''} for ${s.seconds} s`,
    `runs done ${s.runsDone}, failed ${s.runsFailed}; agent posts ${s.agentPosts}, failed ${s.agentFailed}; purges ${s.purges} (${s.purgedRuns} runs deleted)`,
    `stores recorded ${s.storesRecorded} of ${s.runsDone + s.agentPosts} runs and posts that returned`,
    `deadlocks ${s.deadlocks}; errors by SQLSTATE: ${errs}`,
    `DDL statements issued ${s.ddlIssued}, recorded ${s.ddlRecorded}, lost ${s.ddlLost.length}, trail warnings ${s.trailWarnings}`,
    `DDL trail chain verifies: ${s.chainOk} (${s.chainRows} rows checked)`,
  ];
}
