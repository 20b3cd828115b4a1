// Builds everything from source:
//   1. type-checks (the core without Node types: portability is enforced by the compiler),
//   2. compiles checks/ into a pg_sec_check pack (dist/catalog) and docs/checks.md,
//   3. bundles the in-database engine (one script, no Node built-ins) and the Node CLI,
//   4. generates extension/sec_check--<version>.sql and the upgrade script from the previous
//      release (build/extension.mjs) from sql/*.sql, the bundle and the pack.
// Usage: node build.mjs [--no-typecheck]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { fengariPlugin } from './build/fengari-plugin.mjs';
import { generateExtension, hbaMatrixAfterSource, hbaMatrixQuery } from './build/extension.mjs';
import { jsonbText } from './build/jsonb-text.mjs';
import { sqlRangeProblems } from './build/sql-ranges.mjs';
import { register as registerTsx } from 'tsx/esm/api';

// The catalog compiler is TypeScript (it shares the core's check model): load it through tsx.
registerTsx();
const { compileCatalog, renderChecksDoc } = await import('./build/compile-catalog.ts');
const { renderFrameworksDoc } = await import('./build/compile-frameworks.ts');
const { compilePii, writePiiBundle } = await import('./build/compile-pii.ts');

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const VERSION = pkg.version;
const BUILD_ID_PLACEHOLDER = '@@SEC_CHECK_BUILD_ID@@';
const started = Date.now();
const step = (what) => console.log(`[build ${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);

function fail(message) {
  console.error(`build failed: ${message}`);
  process.exit(1);
}

function generateExtensionOrFail(opts) {
  try {
    const out = generateExtension(opts);
    for (const w of out.warnings) console.warn(`build warning: ${w}`);
    return out;
  } catch (e) {
    fail(e.message);
  }
}

// PII rules first: the engine and the CLI import the bundle, so the type-check needs it.
step('compile pii/ rules into src/core/pii/rules.generated.json');
try {
  writePiiBundle(compilePii('pii', 'schema'));
} catch (e) {
  fail(e.message);
}

if (!process.argv.includes('--no-typecheck')) {
  step('type-check (core without Node types, then everything)');
  for (const project of ['tsconfig.core.json', 'tsconfig.json']) {
    try {
      execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
    } catch {
      fail(`tsc -p ${project} reported errors`);
    }
  }
}

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

step('compile checks/ into dist/catalog');
const catalog = await compileCatalog({ checksDir: 'checks', outDir: 'dist/catalog', frameworksDir: 'frameworks' });
writeFileSync('docs/checks.md', renderChecksDoc(catalog));
writeFileSync('docs/frameworks.md', renderFrameworksDoc(catalog.frameworks ?? []));
appendEngineMessages('dist/catalog/localizations');
// The CLI refuses a built-in catalog whose files differ from these (src/runtime/integrity.ts).
const catalogHashes = hashTree('dist/catalog');

/** sha256 of every file under dir, by path relative to it ('/' separated). */
function hashTree(dir, prefix = '') {
  const out = {};
  for (const entry of readdirSync(`${dir}/${prefix}`, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, hashTree(dir, rel));
    else out[rel] = createHash('sha256').update(readFileSync(`${dir}/${rel}`)).digest('hex');
  }
  return out;
}

/** The engine's own verdict texts (localizations/engine.json) go into the catalog's .loc
 *  files as engine.<key>, so the built-in pack carries every text it can show. */
function appendEngineMessages(locDir) {
  const engine = JSON.parse(readFileSync('localizations/engine.json', 'utf8'));
  for (const file of readdirSync(locDir).filter((f) => f.endsWith('.loc'))) {
    const locale = file.slice(0, -4);
    const table = { ...engine.en, ...engine[locale] };
    const lines = ['', '# --- engine (from localizations/engine.json) ---'];
    for (const [key, text] of Object.entries(table)) {
      if (/[\r\n]/.test(text)) fail(`localizations/engine.json: ${locale}.${key}: messages must be a single line`);
      lines.push(`engine.${key},"${text.replace(/"/g, '""')}"`); // CSV quoting (src/core/loc.ts)
    }
    writeFileSync(`${locDir}/${file}`, readFileSync(`${locDir}/${file}`, 'utf8') + lines.join('\n') + '\n');
  }
}

step('bundle the in-database engine');
const engine = await build({
  entryPoints: ['src/runtime/db-entry.ts'],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['main'],
  // Syntax-only minification keeps line structure and names: pljs stack traces stay readable.
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  define: {
    process: 'undefined',
    __BUILD_ID__: JSON.stringify(BUILD_ID_PLACEHOLDER),
    __TOOL_VERSION__: JSON.stringify(VERSION),
  },
  plugins: [fengariPlugin()],
  logLevel: 'warning',
});
let bundle = engine.outputFiles[0].text;
for (const [pattern, why] of [
  [/\brequire\(/, 'a require( call'],
  [/\bprocess\./, 'a process. reference'],
  [/\$bundle\$|\$install\$/, 'a dollar-quote tag used by the install script'],
]) {
  const m = pattern.exec(bundle);
  if (m) fail(`the in-database bundle contains ${why} near: ${bundle.slice(Math.max(0, m.index - 80), m.index + 40)}`);
}
const buildId = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
bundle = bundle.split(BUILD_ID_PLACEHOLDER).join(buildId);
writeFileSync('dist/sec_check_engine.js', bundle);

step('bundle the Node CLI');
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  mainFields: ['main', 'module'],
  keepNames: true,
  banner: { js: '#!/usr/bin/env node' },
  define: { __BUILD_ID__: JSON.stringify(buildId), __TOOL_VERSION__: JSON.stringify(VERSION), __BUILTIN_CATALOG_SHA256__: JSON.stringify(catalogHashes), __HBA_MATRIX_SQL__: JSON.stringify(hbaMatrixQuery()), __HBA_MATRIX_AFTER_SOURCE__: JSON.stringify(hbaMatrixAfterSource()) },
  plugins: [fengariPlugin()],
  logLevel: 'warning',
});
chmodSync('dist/cli.cjs', 0o755);

step('serialize and check the builtin pack');
try {
  execFileSync(process.execPath, ['dist/cli.cjs', 'pack', '--config', 'dist/catalog/config.json', '--name', 'config.json', '--out', 'dist/catalog/pack.json'], { stdio: 'inherit' });
} catch {
  fail('the compiled catalog is not a valid pack');
}
const packText = readFileSync('dist/catalog/pack.json', 'utf8');
if (packText.includes('$pack$')) fail('the pack contains the dollar-quote tag $pack$');

// The hash sec_check.pack_sha256 gives the builtin row, compiled into pack_for_run: a builtin
// row changed in sec_check.packs (even with its sha256 column updated to match) is refused.
const builtinPackSha256 = createHash('sha256')
  .update(jsonbText({ pack: JSON.parse(packText), allow_side_effects: [] }), 'utf8').digest('hex');

step('assemble the extension scripts (install and upgrade)');
// sql/README.md is the map of sql/: a file outside its capability's range fails the build
const sqlLayout = sqlRangeProblems(readdirSync('sql'), readFileSync('sql/README.md', 'utf8'));
if (sqlLayout.length) fail(sqlLayout.join('\n  '));
const ext = generateExtensionOrFail({ version: VERSION, buildId, subst: { '@BUILD_ID@': buildId, '@BUNDLE@': bundle, '@PACK@': packText, '@BUILTIN_PACK_SHA256@': builtinPackSha256 } });
const script = ext.installScript;
writeFileSync('dist/build-info.json', JSON.stringify({ version: VERSION, buildId, bundleBytes: bundle.length, checks: catalog.checkCount }, null, 2));
step(`done: engine ${(bundle.length / 1024).toFixed(0)} KiB, build ${buildId}, ${catalog.checkCount} checks, ${script} (${(ext.sizes.install / 1024).toFixed(0)} KiB)${ext.upgradeScript ? `, ${ext.upgradeScript} (${(ext.sizes.upgrade / 1024).toFixed(0)} KiB)` : ''}`);
