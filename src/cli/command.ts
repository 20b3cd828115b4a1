// The shape of a sec-check command: main.ts parses the options a command declares, prints
// its help on --help, and otherwise calls run with the parsed values.
import type { OptionSpec, OptionValues } from './args.ts';

export interface Command {
  name: string;
  /** Usage and option lines, printed by `sec-check <name> --help` and `sec-check --help`. */
  help: string;
  options: OptionSpec;
  /** Exit code: 0 fine, 1 findings at/above --fail-on (or unverified at/above --fail-on-unverified), 2 usage/pack/connection errors. */
  run(values: OptionValues, subcommand?: string): Promise<number>;
  /** Words accepted right after the command name (e.g. `pgaudit ingest`), passed to run. */
  subcommands?: string[];
  /** A word the command takes right after its name (`verify REPORT`), passed to run as `subcommand`. */
  operand?: string;
}
