// The Node edge of the pg_hba.conf file path (`sec-check hba --hba-file`): reads the file and
// its include files from disk for the runtime-free parser (src/core/hba/parse.ts), and turns
// the three hba checks' compiled queries to read the parsed rows instead of pg_hba_file_rules.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHbaFile, type HbaFileRule, type HbaServerFacts } from '../core/hba/parse.ts';
import { UsageError } from '../session/errors.ts';
import { checkInputDir, INPUT_CAPS, inputExists, InputFileError, readInputText } from '../session/input-file.ts';

/** The checked reader's complaint without the path it starts with (the parser names the file). */
function why(e: unknown, path: string): Error {
  const message = (e as Error).message;
  return new Error(message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message);
}

function reader(path: string): string | null {
  let text: string;
  try {
    if (!inputExists(path)) return null;
    text = readInputText(path, INPUT_CAPS.hba);
  } catch (e) {
    if (e instanceof InputFileError) throw why(e, path);
    throw e;
  }
  // PostgreSQL's text cannot hold NUL: such a file could not be handed to the analysis
  if (text.includes('\0')) throw new Error('contains a NUL byte');
  return text;
}

function lister(path: string): string[] | null {
  try {
    if (!inputExists(path)) return null;
    checkInputDir(path);
    return readdirSync(path);
  } catch (e) {
    throw why(e, path);
  }
}

/** The rows of `file` (absolute path in file_name, as the view); a bad top file is a usage error naming it. */
export function readHbaFile(file: string, server: HbaServerFacts = {}): HbaFileRule[] {
  if (file.includes('\0')) throw new UsageError(`--hba-file ${JSON.stringify(file)}: path contains a NUL byte`);
  const path = resolve(file);
  try {
    const top = reader(path);
    if (top === null) throw new Error('file not found');
  } catch (e) {
    throw new UsageError(`--hba-file ${file}: ${(e as Error).message}`);
  }
  return parseHbaFile(path, reader, lister, server);
}

/** What the parser needs from the server (readable by any role). */
export async function hbaServerFacts(client: { query: (sql: string) => Promise<{ rows: { ssl: string }[] }> }): Promise<HbaServerFacts> {
  const r = await client.query(`SELECT setting AS ssl FROM pg_settings WHERE name = 'ssl'`);
  return { ssl: r.rows[0]?.ssl === 'on' };
}

/**
 * On the file's rows (a VALUES list, a few dozen rows the planner counts exactly) the planner
 * picks nested loops for the probe joins that the view's 1000-row estimate kept away: 14x
 * slower (test/bench/hba-file.ts: 26 s vs 1.5 s for 200 roles). The file path's session does
 * without them.
 */
export async function planForFileRows(client: { query: (sql: string) => Promise<unknown> }): Promise<void> {
  await client.query('SET enable_nestloop = off');
}
