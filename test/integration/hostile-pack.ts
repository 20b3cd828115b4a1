// A pack of checks whose data is hostile (too many rows, a huge value, JSON nested 5,000
// deep, NUL bytes, shell floods, int8 beyond 2^53) next to one ordinary check. Shared by
// evidence-limits.test.ts and `npm run bench`, which measures memory for each case.
import { configOf, luaReturning, writePack } from './support.ts';

export interface HostileCase { name: string; script: string; body: string; validator?: string }

// The validator of the int8 case: big integers must arrive as strings with exact digits.
const INT8_LUA = `function validate_result()
  local r = sql_results[1]
  local ok = type(r.big) == 'string' and r.big == '9223372036854775807'
    and type(r.neg) == 'string' and r.neg == '-9007199254740993'
    and math.type(r.small) == 'integer' and r.small == 42
  return { status = ok and 'Success' or 'Error', short_description = type(r.big) .. ':' .. tostring(r.big) .. ' ' .. type(r.neg) .. ':' .. tostring(r.neg),
    full_description = '', recommendation = '' }
end
`;

export const HOSTILE_CASES: HostileCase[] = [
  { name: 'million_rows', script: 'rows.sql', body: 'SELECT g FROM generate_series(1, 1000000) AS g' },
  { name: 'hundred_mb_value', script: 'big.sql', body: `SELECT repeat('x', 100 * 1024 * 1024) AS v` },
  { name: 'deep_json', script: 'deep.sql', body: `SELECT (repeat('[', 5000) || repeat(']', 5000))::json AS v` },
  { name: 'nul_in_json', script: 'nul.sql', body: `SELECT '{"a": "x\\u0000y"}'::json AS v` },
  { name: 'nul_in_shell', script: 'nul.sh', body: `printf 'a\\000b\\n'\n` },
  { name: 'shell_flood', script: 'flood.sh', body: 'yes sec_check\n' },
  { name: 'int8_exact', script: 'int8.sql', body: `SELECT 9223372036854775807::int8 AS big, -9007199254740993::int8 AS neg, 42::int8 AS small`, validator: 'int8.lua' },
  { name: 'ordinary', script: 'ok.sql', body: 'SELECT 1 AS one' },
];

/** Writes the pack (all cases, or the named ones); returns its config.json path. */
export function writeHostilePack(only?: string[]): string {
  const cases = HOSTILE_CASES.filter((c) => !only || only.includes(c.name));
  const files: Record<string, string | object> = {
    'config.json': configOf('hostile', cases.map((c) => ({
      name: c.name, id: c.name, executors: [{ script: c.script }], validators: [{ script: c.validator ?? 'v.lua' }],
    }))),
    'v.lua': luaReturning('Success'),
    'int8.lua': INT8_LUA,
  };
  for (const c of cases) files[c.script] = c.body;
  return writePack(files);
}
