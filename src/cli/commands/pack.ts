// `sec-check pack`: check a pg_sec_check pack and serialize it for the database
// (--out FILE), or load it into sec_check.packs (--upload NAME) so run(..., p_pack) can use it.
import { loadPackFromConfig } from '../../session/node-pack.ts';
import { compilePack } from '../../core/pack.ts';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, parsePackName, splitList } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import { checkWritableFile, isStdout, messageStream, writeFilesAtomically } from '../output.ts';
import type { Command } from '../command.ts';
import { ConnectionError, describeServerError, openConnection } from '../../session/connect.ts';
import { buildManifest, manifestPath } from '../../session/integrity.ts';
import { compileChunk } from '../../core/lua/host.ts';

export const packCommand: Command = {
  name: 'pack',
  help: `sec-check pack --config FILE (--out FILE | --upload NAME [connection options] | --manifest) [--allow-side-effects fn,fn]
  --manifest            write sec_check.manifest.json beside config.json: the sha256 of each file of
                        the pack; sec-check run then refuses the pack if any file changes
  --allow-side-effects  functions with effects outside the audit (pg_reload_conf, dblink_exec, ...)
                        this pack's SQL may call; stored with the uploaded pack
${CONNECTION_HELP}`,
  options: {
    ...CONNECTION_OPTIONS,
    config: { type: 'string' },
    out: { type: 'string' },
    upload: { type: 'string' },
    name: { type: 'string' },
    manifest: { type: 'boolean' },
    'allow-side-effects': { type: 'string' },
  },
  async run(values) {
    const out = nonEmpty(values.out, '--out');
    const upload = values.upload === undefined ? undefined : parsePackName(values.upload);
    if (!out && !upload && !values.manifest) throw new UsageError('pack: give --out FILE or --upload NAME (or --manifest)');
    if (out) checkWritableFile(out, '--out');
    const disk = loadPackFromConfig(nonEmpty(values.config, '--config') ?? 'config.json');
    const allow = splitList(values['allow-side-effects'] as string | undefined) ?? [];
    const compiled = compilePack({ ...disk, allowSideEffects: allow });
    // Validators compiled here, so the database reads binary chunks instead of parsing text
    // (the slowest part of an in-database run); the stored pack's hash covers them.
    const chunks: Record<string, string> = {};
    for (const [script, text] of Object.entries(disk.files)) {
      if (!script.endsWith('.lua')) continue;
      const chunk = compileChunk(text, script);
      if (chunk !== null) chunks[script] = chunk;
    }
    const pack = { configName: String(values.name ?? disk.configName), config: disk.config, files: disk.files, locales: disk.locales, chunks };
    const checks = compiled.sections.reduce((n, s) => n + s.items.length, 0);
    if (values.manifest) {
      // Written only for a pack that compiles: a manifest vouches for a pack that can run.
      const configPath = nonEmpty(values.config, '--config') ?? 'config.json';
      const manifest = buildManifest(disk, configPath);
      await writeFilesAtomically([{ path: manifestPath(configPath), text: JSON.stringify(manifest, null, 2) + '\n' }], '--manifest');
      console.log(`manifest ${manifestPath(configPath)}: ${Object.keys(manifest.files).length} files`);
    }
    if (out) {
      await writeFilesAtomically([{ path: out, text: JSON.stringify(pack) }], '--out');
      messageStream(isStdout(out))(`pack ${out}: ${compiled.sections.length} groups, ${checks} checks`);
    }
    if (upload) {
      const client = await openConnection(connectionConfig(values), { readOnly: false });
      try {
        // upload_pack records the hash every run checks; only the extension owner may call it.
        const res = await client.query('SELECT sec_check.upload_pack($1, $2::jsonb, $3::text[]) AS sha256', [upload, JSON.stringify(pack), allow])
          .catch((e: Error & { code?: string }) => {
            // Denied on upload_pack itself: the role has audit grants but is not the owner (no
            // grant hint then); denied earlier (the schema): the usual hint, plus the owner rule.
            const why = e.code === '42501' ? ' (only the extension owner loads packs)' : '';
            throw new ConnectionError(`--upload ${upload}: ${e.code === '42501' && /\bupload_pack\b/.test(e.message) ? e.message.split('\n')[0] : describeServerError(e)}${why}`);
          });
        console.log(`uploaded pack ${upload}: ${checks} checks, sha256 ${res.rows[0].sha256}${allow.length ? `, side effects allowed: ${allow.join(', ')}` : ''}`);
      } finally {
        await client.end();
      }
    }
    return 0;
  },
};
