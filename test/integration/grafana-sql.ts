// The dashboard's SQL as Grafana sends it: its macros ($__timeFilter) and variables
// (${name:sqlstring}) filled in, so the tests run exactly what a Grafana would.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './support.ts';

export interface Dashboard {
  templating: { list: { name: string; query: string }[] };
  panels: { title: string; type: string; targets?: { rawSql: string }[]; fieldConfig?: { defaults?: Record<string, any> } }[];
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(join(REPO, 'dashboards/grafana-sec_check.json'), 'utf8'));
}

/** A panel or variable query with Grafana's macros and the given variables filled in. */
export function grafanaSql(sql: string, vars: Record<string, string>): string {
  const out = sql
    .replace(/\$__timeFilter\(([a-z_]+)\)/g, (_, col) => `${col} BETWEEN now() - interval '30 days' AND now() + interval '1 minute'`)
    .replace(/\$\{(\w+):sqlstring\}/g, (_, name) => {
      assert.ok(name in vars, `variable ${name}`);
      return `'${vars[name].replace(/'/g, "''")}'`;
    });
  assert.ok(!out.includes('$'), `every macro and variable is known: ${out}`);
  return out;
}

/** Runs the variable queries in order (each may use the ones before) and takes each first value. */
export async function dashboardVariables(query: (sql: string) => Promise<Record<string, unknown>[]>, dash: Dashboard): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  for (const v of dash.templating.list) {
    const rows = await query(grafanaSql(v.query, vars)).catch((e) => assert.fail(`variable ${v.name}: ${e.message}`));
    assert.ok(rows.length > 0, `variable ${v.name} has values`);
    vars[v.name] = Object.values(rows[0])[0] as string;
  }
  return vars;
}
