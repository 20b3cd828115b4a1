// sec-check: the Node CLI and host agent. Exit codes: 0 nothing at/above --fail-on,
// 1 findings at/above it, 2 usage, pack or connection errors.
import { PackError } from '../core/pack.ts';
import { UsageError } from './args.ts';
import { ConnectionError } from './connect.ts';
import { runCommand, RUN_HELP } from './commands/run.ts';
import { packCommand, PACK_HELP } from './commands/pack.ts';
import { reportCliCommand, REPORT_HELP } from './commands/report-cli.ts';
import { listenCommand, LISTEN_HELP } from './commands/listen.ts';
import { ddlCommand, DDL_HELP } from './commands/ddl.ts';
import { TOOL_VERSION } from '../runtime/tool-info.ts';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  report: reportCliCommand,
  pack: packCommand,
  listen: listenCommand,
  ddl: ddlCommand,
};

const HELP = `sec-check ${TOOL_VERSION} — PostgreSQL security audit

${RUN_HELP}

${REPORT_HELP}

${PACK_HELP}

${LISTEN_HELP}

${DDL_HELP}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { console.log(HELP); return name ? 0 : 2; }
  if (name === '--version') { console.log(TOOL_VERSION); return 0; }
  const command = COMMANDS[name];
  if (!command) { console.error(`sec-check: unknown command ${JSON.stringify(name)} (run, report, pack, listen, ddl)`); return 2; }
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof PackError || e instanceof ConnectionError) {
      console.error(`sec-check ${name}: ${e.message}`);
      return 2;
    }
    console.error(`sec-check ${name}: ${(e as Error)?.stack ?? e}`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
