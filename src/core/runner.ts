// The check runner: one generator that every host drives. It validates the pack before
// touching the server, gates scripts by version, runs executors, hands their output to the
// Lua validators and builds the report. Expected outcomes are values (statuses), never
// exceptions; only a pack that cannot run at all throws (PackError), before any result.
import type { ChecksAnswer, HostAnswer, HostRequest, QueryAnswer, ShellAnswer, Work } from './host.ts';
import { selectSections, type CheckItem, type CompiledPack, type ScriptRef, type Section } from './pack.ts';
import { fromVersionNum, formatVersion, inRange, type Version } from './version.ts';
import { Localizer } from './loc.ts';
import { code, EngineText } from './engine-text.ts';
import { LazyLuaValue, runValidator, type ValidatorVerdict } from './lua/host.ts';
import type { Origin, Profile, Runtime, Status } from './vocabulary.ts';
import { INSUFFICIENT_PRIVILEGE, managedControl, missingPrivilege, PROVIDER_SQL, resolveProfile, type AppliedProfile } from './managed.ts';
import { bytesCapMessage, EXECUTOR_CAPS, FACT_CAPS, parseEvidence, rowsCapMessage, storableValue, wrapSelect, type RowCaps } from './evidence-limits.ts';
import { bindFacts, deriveFact, factScript, type FactValue } from './facts/model.ts';
import { withPriority } from './priority.ts';
import { summarize, type CheckResult, type ExecutorOutput, type Report, type ServerInfo } from './report.ts';

export interface AuditOptions {
  groups: string[] | null;
  locale: string;
  origin: Origin;
  runtime: Runtime;
  toolVersion: string;
  buildId: string;
  /** How the client reached the server, for the report and shell executors. */
  connection?: { host: string | null; port: number | null; user: string | null };
  /** Whole-run budget: checks not started by then are Skipped ("deadline"). */
  deadlineMs?: number | null;
  validatorBudget?: { instructions: number; milliseconds: number };
  clock?: () => number;
  /** Told before each check starts (the database reports where a cancelled run stopped). */
  /** Which pack ran and whether its files were verified (the CLI; the database sets run.pack itself). */
  provenance?: { pack: { name: string; sha256: string | null }; integrity: 'verified' | 'unverified' };
  /** Hand the checks to the host as one request (kind 'checks') so it may run them
   *  concurrently; results keep report order either way. */
  concurrent?: boolean;
  /** auto (default: managed when a managed service is detected), managed or self-hosted;
   *  undefined: the extension owner's setting (sec_check.effective_config), else auto. */
  profile?: Profile;
  onCheck?: (progress: { section: string; name: string; done: number; total: number }) => void;
  /** Rows of facts the caller already knows, used instead of the fact's query (e.g. the
   *  `hba_rules` of a pg_hba.conf that `sec-check hba --hba-file` parsed from disk). Each row
   *  has the fact's columns; facts that read a given fact are computed from these rows. */
  givenFacts?: Record<string, Record<string, unknown>[]>;
}

interface ServerFacts extends ServerInfo {
  run_by: string;
  data_directory: string | null;
  hba_file: string | null;
  managed_provider: string | null;
  managed_evidence: string | null;
  profile_setting: string | null;
  profile_source: string | null;
  audit_role: Record<string, boolean>;
}

const SERVER_SQL = `SELECT current_setting('server_version_num')::int AS version_num,
  current_setting('server_version') AS version,
  current_database() AS database,
  session_user AS run_by,
  current_setting('port')::int AS port,
  CASE WHEN pg_has_role(current_user, 'pg_read_all_settings', 'USAGE')
       THEN current_setting('data_directory') END AS data_directory,
  CASE WHEN pg_has_role(current_user, 'pg_read_all_settings', 'USAGE')
       THEN current_setting('hba_file') END AS hba_file,
  ${PROVIDER_SQL},
  json_build_object(
    'superuser', (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user),
    'read_all_settings', pg_has_role(current_user, 'pg_read_all_settings', 'USAGE'),
    'read_server_files', pg_has_role(current_user, 'pg_read_server_files', 'USAGE'),
    'monitor', pg_has_role(current_user, 'pg_monitor', 'USAGE'),
    'file_settings', has_table_privilege('pg_catalog.pg_file_settings', 'SELECT'),
    'hba_file_rules', has_table_privilege('pg_catalog.pg_hba_file_rules', 'SELECT'),
    'authid', has_table_privilege('pg_catalog.pg_authid', 'SELECT')) AS audit_role`;

export { wrapSelect };

function* selectRows(sql: string, caps: RowCaps = EXECUTOR_CAPS): Generator<HostRequest, QueryAnswer & { json?: string }, HostAnswer> {
  const answer = (yield { kind: 'query', sql: wrapSelect(sql, caps) }) as QueryAnswer;
  if (!answer.ok) return answer;
  const row = answer.rows[0] ?? {};
  const text = row.sec_check_rows;
  if (typeof text !== 'string') {
    if (Number(row.sec_check_count) > caps.maxRows) return { ok: false, error: rowsCapMessage(caps.maxRows) };
    return { ok: false, error: bytesCapMessage(Number(row.sec_check_bytes), caps.maxBytes) };
  }
  const parsed = parseEvidence(text);
  return parsed.ok ? { ok: true, rows: parsed.value as Record<string, unknown>[], json: parsed.text } : parsed;
}

/** How each fact of the run went, for the report (run.facts). */
export interface FactReport { id: string; script: string | null; rows: number | null; duration_ms: number; error: string | null }

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Reads every fact the selected checks name (and the facts those read), once, in pack order
 * (a fact comes after the facts it reads). A fact whose input fact failed or was skipped fails
 * or is skipped the same way, naming it; a given fact is taken as given.
 */
function* readFacts(compiled: CompiledPack, sections: Section[], server: Version, clock: () => number,
  given: Record<string, Record<string, unknown>[]> = {}): Generator<HostRequest, { values: Map<string, FactValue>; report: FactReport[] }, HostAnswer> {
  const wanted = new Set(sections.flatMap((s) => s.items.flatMap((i) => i.facts)));
  for (const fact of [...compiled.facts.values()].reverse()) {
    if (wanted.has(fact.id) && !hasOwn(given, fact.id)) for (const d of fact.facts) wanted.add(d);
  }
  const values = new Map<string, FactValue>();
  const report: FactReport[] = [];
  for (const fact of compiled.facts.values()) {
    if (!wanted.has(fact.id)) continue;
    const t0 = clock();
    const script = factScript(fact, server);
    const input = fact.facts.map((d) => [d, values.get(d)] as const).find(([, v]) => !v?.ok);
    let value: FactValue;
    if (hasOwn(given, fact.id)) {
      const rows = given[fact.id];
      value = { ok: true, rows, json: JSON.stringify(rows) };
    } else if (script === null) {
      value = { ok: false, error: `no query of fact ${fact.id} applies to this server version`, skipped: 'version' };
    } else if (input) {
      const [d, v] = input;
      value = !v ? { ok: false, error: `fact ${d}: not read` }
        : v.ok ? v : { ok: false, error: `fact ${d}: ${v.error}`, ...(v.sqlstate ? { sqlstate: v.sqlstate } : {}), ...(v.skipped ? { skipped: v.skipped } : {}) };
    } else {
      const sql = fact.facts.length ? bindFacts(compiled.files[script], values) : compiled.files[script];
      const answer = yield* selectRows(sql, FACT_CAPS);
      if (!answer.ok) value = { ok: false, error: answer.error, ...(answer.sqlstate ? { sqlstate: answer.sqlstate } : {}) };
      else {
        try {
          const deps = new Map(fact.facts.map((d) => [d, (values.get(d) as { rows: Record<string, unknown>[] }).rows]));
          const rows = deriveFact(fact, answer.rows, server, deps);
          value = { ok: true, rows, ...(fact.derive || answer.json === undefined ? {} : { json: answer.json }) };
        } catch (e) {
          value = { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      }
    }
    values.set(fact.id, value);
    report.push({ id: fact.id, script: hasOwn(given, fact.id) ? 'given' : script, rows: value.ok ? value.rows.length : null, duration_ms: ms(t0, clock()), error: value.ok ? null : value.error });
  }
  return { values, report };
}

const PRECEDENCE: Status[] = ['Failed', 'Error', 'Warning', 'Info', 'Success'];

function ms(start: number, end: number): number {
  return Math.round((end - start) * 100) / 100;
}

/**
 * Audits one server with a pack the caller has already validated (compilePack), so
 * everything that can be wrong with the pack is found before the server is asked anything.
 */
export function* audit(compiled: CompiledPack, opts: AuditOptions): Work<Report> {
  const clock = opts.clock ?? (() => Date.now());
  const sections = selectSections(compiled, opts.groups);
  const startedAt = new Date();
  const start = clock();

  const info = yield* selectRows(SERVER_SQL);
  if (!info.ok) throw new Error(`cannot read the server version: ${info.error}`);
  const facts = info.rows[0] as unknown as ServerFacts;
  const server = fromVersionNum(facts.version_num);
  const profile = resolveProfile(opts.profile, facts.profile_setting, facts.managed_provider, facts.managed_evidence, facts.profile_source);
  const loc = new Localizer(compiled.locales.get(opts.locale), compiled.locales.get('en'));
  const engine = new EngineText(loc, opts.locale);
  const text = (key: string, fallback: string) => {
    const m = loc.message(key);
    return m === key ? fallback : m;
  };

  const factRun = yield* readFacts(compiled, sections, server, clock, opts.givenFacts);

  const total = sections.reduce((n, s) => n + s.items.length, 0);
  let started = 0;
  // One job per check, in report order; each starts its own generator when the host runs it.
  const jobs: (() => Work<CheckResult>)[] = sections.flatMap((section) => section.items.map((item) => () => {
    opts.onCheck?.({ section: section.key, name: item.name, done: started++, total });
    const deadlinePassed = opts.deadlineMs != null && clock() - start > opts.deadlineMs;
    return runCheck(compiled, section, item, { opts, clock, server, facts, loc, engine, text, deadlinePassed, profile, factValues: factRun.values });
  }));
  let results: CheckResult[];
  if (opts.concurrent) {
    // The host runs the checks (concurrently, Node) and answers with results in job order.
    const answer = (yield { kind: 'checks', jobs }) as ChecksAnswer;
    results = answer.results as CheckResult[];
  } else {
    results = [];
    for (const job of jobs) results.push(yield* job());
  }

  const finishedAt = new Date();
  // NUL and lone surrogates from evidence or validators cannot be stored: escape, never fail.
  return storableValue<Report>({
    format: 'sec_check-report',
    format_version: 1,
    tool: { name: 'sec_check', version: opts.toolVersion, build_id: opts.buildId },
    report: { header: compiled.header, report_name: compiled.reportName, description: compiled.description },
    run: {
      id: null,
      origin: opts.origin,
      runtime: opts.runtime,
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      duration_ms: ms(start, clock()),
      locale: opts.locale,
      groups: opts.groups && opts.groups.length ? opts.groups : null,
      run_by: facts.run_by,
      ...(opts.provenance ? { pack: opts.provenance.pack, integrity: opts.provenance.integrity } : {}),
      profile,
      ...(factRun.report.length ? { facts: factRun.report } : {}),
      server: {
        version: facts.version,
        version_num: facts.version_num,
        database: facts.database,
        host: opts.connection?.host ?? null,
        port: opts.connection?.port ?? facts.port ?? null,
      },
    },
    sections: sections.map((s) => ({
      key: s.key,
      header: text(`section.${s.key}.header`, s.header),
      description: text(`section.${s.key}.description`, s.description),
    })),
    summary: summarize(results),
    // every result carries its fix-first priority (src/core/priority.ts)
    results: results.map(withPriority),
  });
}

interface CheckContext {
  opts: AuditOptions;
  clock: () => number;
  server: Version;
  facts: ServerFacts;
  loc: Localizer;
  engine: EngineText;
  text: (key: string, fallback: string) => string;
  deadlinePassed: boolean;
  profile: AppliedProfile;
  factValues: Map<string, FactValue>;
}

function* runCheck(pack: CompiledPack, section: Section, item: CheckItem, ctx: CheckContext): Work<CheckResult> {
  const begin = ctx.clock();
  const base = {
    section: section.key,
    check_id: item.id,
    name: item.id ? ctx.text(`${item.id}.name`, item.name) : item.name,
    description: item.id ? ctx.text(`${item.id}.description`, item.description) : item.description,
    severity: item.severity,
    cis: item.cis,
  };
  const verdict = (status: Status, short: string, full: string, recommendation: string,
    executors: ExecutorOutput[], skip: CheckResult['skip_reason'] = null): CheckResult => ({
    ...base, status, skip_reason: skip, short_description: short, full_description: full,
    recommendation, executors, duration_ms: ms(begin, ctx.clock()),
  });
  const serverText = formatVersion(ctx.server);
  const say = ctx.engine;

  if (ctx.deadlinePassed) {
    return verdict('Skipped', say.get('deadline.short'), say.get('deadline.full'), say.get('deadline.rec'), [], 'deadline');
  }

  const applicable = (ref: ScriptRef) => inRange(ctx.server, ref.min, ref.max);
  const executors = item.executors.filter(applicable);
  const validators = item.validators.filter(applicable);
  const outputs: ExecutorOutput[] = item.executors
    .filter((e) => !applicable(e))
    .map((e) => ({ script: e.script, kind: e.kind as 'sql' | 'shell', skipped: 'version' as const }));

  if ((item.executors.length > 0 && executors.length === 0) || validators.length === 0) {
    const bounds = [...item.executors, ...item.validators]
      .filter((r) => r.min || r.max)
      .map((r) => `${r.script}: ${r.min ? '≥ ' + formatVersion(r.min) : ''}${r.min && r.max ? ', ' : ''}${r.max ? '≤ ' + formatVersion(r.max) : ''}`)
      .join('; ');
    return verdict('Skipped', say.get('version.short', { server: serverText }),
      say.get('version.full', { bounds: code(bounds), server: serverText }),
      say.get('version.rec'), outputs, 'version');
  }

  // Managed profile: the provider runs the host, so a host check (shell executor) does not
  // apply; the text names the provider's control that stands for it.
  if (ctx.profile.applied === 'managed' && executors.some((e) => e.kind !== 'sql')) {
    const m = managedControl(item.id, ctx.profile.provider, ctx.opts.locale);
    const how = ctx.profile.requested === 'auto' ? say.get('managed.detected') : say.get('managed.requested');
    for (const e of executors) outputs.push({ script: e.script, kind: e.kind as 'sql' | 'shell', skipped: 'not_applicable_managed' });
    return verdict('Skipped', say.get('managed.short', { provider: m.provider }),
      say.get('managed.full', { provider: m.provider, how, control: m.control }),
      say.get('managed.rec', { control: m.control }), outputs, 'not_applicable_managed');
  }

  // Facts this check reads: one that has no query for this server version skips the check
  // as a version-gated executor would; one that failed fails it (could not verify) below.
  const failures: string[] = [];
  const privileges: string[] = [];
  let privilegeOnly = true;
  const checkFacts: Record<string, unknown> = {};
  for (const id of item.facts) {
    const value = ctx.factValues.get(id);
    if (value?.ok) { checkFacts[id] = value.rows; continue; }
    if (value?.skipped === 'version') {
      return verdict('Skipped', say.get('version.short', { server: serverText }),
        say.get('version.full', { bounds: code(`fact ${id}`), server: serverText }),
        say.get('version.rec'), outputs, 'version');
    }
    const error = value ? value.error : 'not read';
    failures.push(`fact ${id}: ${error}`);
    if (value && value.sqlstate === INSUFFICIENT_PRIVILEGE) privileges.push(missingPrivilege(error) ?? say.get('privilege.unnamed'));
    else privilegeOnly = false;
  }

  let sqlRows: Record<string, unknown>[] | undefined;
  let shellResult: { stdout: string; stderr: string; return_code: number } | undefined;
  let needsAgent = false;
  const factFailed = failures.length > 0;
  for (const exec of executors) {
    if (factFailed) break; // a fact failed: the check cannot be judged (its executors read it)
    const t0 = ctx.clock();
    if (exec.kind === 'sql') {
      const sql = item.facts.length ? bindFacts(pack.files[exec.script], ctx.factValues) : pack.files[exec.script];
      const answer = yield* selectRows(sql);
      const out: ExecutorOutput = { script: exec.script, kind: 'sql', rows: answer.ok ? answer.rows : [], error: answer.ok ? null : answer.error, duration_ms: ms(t0, ctx.clock()) };
      outputs.push(out);
      if (!answer.ok) {
        failures.push(`${exec.script}: ${answer.error}`);
        if (answer.sqlstate === INSUFFICIENT_PRIVILEGE) privileges.push(missingPrivilege(answer.error) ?? say.get('privilege.unnamed'));
        else privilegeOnly = false;
      } else if (!sqlRows) sqlRows = answer.rows;
    } else {
      const answer = (yield { kind: 'shell', script: exec.script, env: shellEnv(ctx) }) as ShellAnswer;
      if (answer.ok) {
        outputs.push({ script: exec.script, kind: 'shell', stdout: answer.stdout, stderr: answer.stderr, return_code: answer.return_code, error: null, duration_ms: ms(t0, ctx.clock()) });
        if (!shellResult) shellResult = { stdout: answer.stdout, stderr: answer.stderr, return_code: answer.return_code };
      } else if (answer.unavailable) {
        needsAgent = true;
        outputs.push({ script: exec.script, kind: 'shell', skipped: 'host_agent_required' });
      } else {
        outputs.push({ script: exec.script, kind: 'shell', error: answer.error, duration_ms: ms(t0, ctx.clock()) });
        failures.push(`${exec.script}: ${answer.error}`);
        privilegeOnly = false;
      }
    }
  }

  if (needsAgent) {
    return verdict('Skipped', say.get('host_agent.short'), say.get('host_agent.full'), say.get('host_agent.rec'),
      outputs, 'host_agent_required');
  }
  if (failures.length) {
    // Server messages are data (in the server's lc_messages), shown as code under our sentence.
    const errors = failures.map((f) => code(f)).join('<br>');
    if (privilegeOnly && privileges.length === failures.length) {
      // every failure was a refused privilege: name it (reason insufficient_privilege)
      const privilege = [...new Set(privileges)].map((p) => code(p)).join(', ');
      return verdict('Failed', say.get('privilege.short', { privilege }), say.get('privilege.full', { privilege, errors }),
        say.get('privilege.rec', { privilege }), outputs, 'insufficient_privilege');
    }
    // the short text names what could not be read: the executor scripts and facts that failed
    const what = [...new Set(failures.map((f) => f.slice(0, f.indexOf(':') >= 0 ? f.indexOf(':') : f.length)))].map((w) => code(w)).join(', ');
    return verdict('Failed', say.get('not_verified.short', { what }), say.get('not_verified.full', { errors }),
      say.get('not_verified.rec'), outputs);
  }

  const globals: Record<string, unknown> = {
    sql_results: sqlRows,
    result: shellResult,
    // converted into Lua on first read: most validators never read these, and they can be large
    executor_results: new LazyLuaValue(outputs.filter((o) => !o.skipped)),
    server_version_num: ctx.facts.version_num,
    audit_role: ctx.facts.audit_role ?? {},
    audit_profile: { applied: ctx.profile.applied, provider: ctx.profile.provider },
    ...(item.facts.length ? { facts: new LazyLuaValue(checkFacts) } : {}),
  };
  const budget = ctx.opts.validatorBudget;
  const verdicts: ValidatorVerdict[] = [];
  for (const v of validators) {
    const outcome = runValidator({
      source: pack.files[v.script],
      chunk: typeof pack.chunks?.[v.script] === 'string' ? pack.chunks[v.script] : undefined,
      chunkName: v.script,
      globals,
      localeMsg: (key) => ctx.loc.message(key),
      maxInstructions: budget?.instructions,
      maxMilliseconds: budget?.milliseconds,
      clock: ctx.clock,
    });
    if (outcome.ok) { verdicts.push(outcome.verdict); continue; }
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(outcome.problem.params)) values[name] = name === 'limit' ? value : code(value);
    verdicts.push({
      status: 'Failed',
      short_description: say.get('validator.short', { script: code(v.script) }),
      full_description: say.get(`validator.${outcome.problem.key}`, values),
      recommendation: say.get('validator.rec'),
    });
  }
  verdicts.sort((a, b) => PRECEDENCE.indexOf(a.status) - PRECEDENCE.indexOf(b.status));
  const worst = verdicts[0];
  return verdict(worst.status, worst.short_description, worst.full_description, worst.recommendation, outputs,
    worst.status === 'Failed' && worst.reason === 'insufficient_privilege' ? 'insufficient_privilege' : null);
}

function shellEnv(ctx: CheckContext): Record<string, string> {
  const c = ctx.opts.connection;
  return {
    PG_HOST: c?.host ?? '',
    PG_PORT: String(c?.port ?? ctx.facts.port ?? ''),
    PG_USER: c?.user ?? ctx.facts.run_by,
    PG_DB: ctx.facts.database,
    PGDATA: ctx.facts.data_directory ?? '',
    PG_VERSION: ctx.facts.version,
    PG_HBA_FILE: ctx.facts.hba_file ?? '',
  };
}
