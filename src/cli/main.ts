// sec-check: the Node CLI and host agent. Exit codes: 0 nothing at/above --fail-on and every
// check of severity --fail-on-unverified (high) or above verified, 1 findings at/above it or
// such a check not verified, 2 usage, pack or connection errors, 3 channel findings pending.
// `sec-check` alone prints a short usage on stderr (exit 2); --help or -? the whole help on
// stdout; -V or --version the version. -h is the host, as in psql.
import { PackError } from '../core/pack.ts';
import { CONNECTION_HELP, parse } from './args.ts';
import { UsageError } from '../session/errors.ts';
import type { Command } from './command.ts';
import { ConnectionError } from '../session/connect.ts';
import { packCommand } from './commands/pack.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { ddlCommand } from './commands/ddl.ts';
import { TOOL_VERSION } from '../runtime/tool-info.ts';
import { listenCommand } from './commands/listen.ts';
import { agentCommand } from './commands/agent.ts';
import { fixCommand } from './commands/fix.ts';
import { channelFlushCommand } from './commands/channel.ts';
import { fleetCommand } from './commands/fleet.ts';
import { piiCommand } from './commands/pii.ts';
import { pgauditCommand } from './commands/pgaudit.ts';
import { hbaCommand } from './commands/hba.ts';
import { verifyCommand } from './commands/verify.ts';

const COMMANDS: Command[] = [runCommand, reportCommand, packCommand, listenCommand, ddlCommand, agentCommand, fixCommand, channelFlushCommand, fleetCommand, piiCommand, pgauditCommand, hbaCommand, verifyCommand];

// each command's help ends with the connection options; the whole help says them once
const HELP = `sec-check ${TOOL_VERSION} — PostgreSQL security audit\n\n${COMMANDS.map((c) => c.help.replace(CONNECTION_HELP, '').trimEnd()).join('\n\n')}\n\n${CONNECTION_HELP}`;

const USAGE = `usage: sec-check COMMAND [options]   (sec-check --help for all; sec-check COMMAND --help for one)
commands: ${COMMANDS.map((c) => c.name).join(', ')}
example:  sec-check run -h db.example.com -U auditor -d postgres --format Json --output -`;

async function main(argv: string[]): Promise<number> {
  let [name, ...rest] = argv;
  // two-word commands (`channel flush`)
  if (name && rest.length && COMMANDS.some((c) => c.name === `${name} ${rest[0]}`)) { name = `${name} ${rest[0]}`; rest = rest.slice(1); }
  if (!name) { process.stderr.write(`${USAGE}\n`); return 2; }
  if (name === '--help' || name === '-?' || name === 'help') { console.log(HELP); return 0; }
  if (name === '--version' || name === '-V') { console.log(TOOL_VERSION); return 0; }
  if (name.startsWith('-')) { process.stderr.write(`sec-check: ${JSON.stringify(name)} before a command; options follow the command\n${USAGE}\n`); return 2; }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) { console.error(`sec-check: unknown command ${JSON.stringify(name)} (${COMMANDS.map((c) => c.name).join(', ')})`); return 2; }
  try {
    const sub = (command.subcommands || command.operand) && rest.length && !rest[0].startsWith('-') ? rest.shift() : undefined;
    const { values } = parse(rest, command.options);
    if (values.help) { console.log(command.help); return 0; }
    return await command.run(values, sub);
  } catch (e) {
    if (e instanceof UsageError || e instanceof PackError || e instanceof ConnectionError) {
      console.error(`sec-check ${name}: ${e.message}`);
      return 2;
    }
    // Unexpected: still one line; the stack only on request (SEC_CHECK_DEBUG=1).
    console.error(`sec-check ${name}: ${process.env.SEC_CHECK_DEBUG ? (e as Error)?.stack ?? e : String((e as Error)?.message ?? e).replace(/\s*\n\s*/g, ' ')}`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
