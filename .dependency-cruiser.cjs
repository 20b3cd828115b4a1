// The house plan of src/ as rules (docs/architecture.md, "House plan"): which floor may import
// which. test/unit/architecture.test.ts runs dependency-cruiser with these rules over src/ and
// build/ and fails on any violation; `npx depcruise src build` shows the same.
//
// Floors, bottom up (a floor imports only floors below it, or itself):
//   0 core      src/core: the engine, no runtime (no node:*, no pg, no npm but fengari)
//   1 hosts     src/runtime (Node, plv8, pljs hosts) and src/render (renderers of documents)
//   2 session   src/session: connecting, the pack source, the TOML reader, waivers, auditServer()
//   3 rooms     one folder per capability; a room imports no other room but findings-channel
//   4 cli       src/cli: main.ts, option parsing, output files, commands/ (no command imports another)
// src/harness (throwaway PostgreSQL servers for tests, demo and bench) stands apart: it imports
// nothing of src/ and nothing of src/ imports it.

const ROOMS = ['agent', 'compliance', 'ddl-trail', 'findings-channel', 'fix', 'fleet', 'hba', 'pgaudit', 'pii', 'signing'];
const FLOORS = [
  ['src/core'],
  ['src/runtime', 'src/render'],
  ['src/session'],
  ROOMS.map((r) => `src/${r}`),
  ['src/cli'],
];
const dirs = (list) => `^(${list.join('|')})/`;

/** One rule per floor: nothing on it imports a floor above it. */
const floorRules = FLOORS.slice(1, -1).map((floor, i) => ({
  name: 'lower-floor-imports-higher',
  comment: `${floor.join(', ')} may import only the floors below (and itself), not ${FLOORS.slice(i + 2).flat().join(', ')}`,
  severity: 'error',
  from: { path: dirs(floor) },
  to: { path: dirs(FLOORS.slice(i + 2).flat()) },
}));

const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

module.exports = {
  forbidden: [
    {
      name: 'core-imports-runtime',
      comment: 'src/core runs inside the database too: no Node built-ins, no npm package but fengari, nothing of src/ outside core',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-imports-runtime',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: NPM, pathNot: '(^|/)node_modules/fengari/' },
    },
    {
      name: 'core-imports-runtime',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    ...floorRules,
    {
      name: 'room-imports-room',
      comment: 'a capability room imports no other room, except the findings channel every producer hands findings to',
      severity: 'error',
      from: { path: `^src/(${ROOMS.join('|')})/` },
      to: { path: `^src/(${ROOMS.filter((r) => r !== 'findings-channel').join('|')})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'command-imports-command',
      comment: 'shared helpers live below the commands (src/cli/*.ts, the session, the rooms)',
      severity: 'error',
      from: { path: '^src/cli/commands/([^/]+)$' },
      to: { path: '^src/cli/commands/', pathNot: '^src/cli/commands/$1$' },
    },
    {
      name: 'src-imports-build',
      comment: 'shipped code never imports build tooling; what both need lives in src/core',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^build/' },
    },
    {
      name: 'build-imports-beyond-core',
      comment: 'the build shares code with the runtime through src/core only',
      severity: 'error',
      from: { path: '^build/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'harness-apart',
      comment: 'the test harness is not shipped: nothing of src/ imports it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/harness/' },
      to: { path: '^src/harness/' },
    },
    {
      name: 'harness-apart',
      severity: 'error',
      from: { path: '^src/harness/' },
      to: { path: '^src/', pathNot: '^src/harness/' },
    },
    {
      name: 'no-circular',
      comment: 'modules that import each other cannot be read, moved or tested one at a time',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.generated\\.json$' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.cjs', '.json'] },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
