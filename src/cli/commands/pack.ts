// `sec-check pack`: check a pg_sec_check pack and serialize it for the database
// (--out FILE), or load it into sec_check.packs (--upload NAME) so run(..., p_pack) can use it.
import pg from 'pg';
import { loadPackFromConfig } from '../../runtime/node-pack.ts';
import { compilePack } from '../../core/pack.ts';
import { CONNECTION_OPTIONS, connectionConfig, nonEmpty, parse, parsePackName, UsageError } from '../args.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import { ConnectionError, describeServerError } from '../connect.ts';

export const PACK_HELP = `sec-check pack --config FILE (--out FILE | --upload NAME [connection options])`;

export async function packCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...CONNECTION_OPTIONS,
    config: { type: 'string' },
    out: { type: 'string' },
    upload: { type: 'string' },
    name: { type: 'string' },
  });
  if (values.help) { console.log(PACK_HELP); return 0; }
  const out = nonEmpty(values.out, '--out');
  const upload = values.upload === undefined ? undefined : parsePackName(values.upload);
  if (!out && !upload) throw new UsageError('pack: give --out FILE or --upload NAME');
  if (out) checkWritableFile(out, '--out');
  const disk = loadPackFromConfig(nonEmpty(values.config, '--config') ?? 'config.json');
  const compiled = compilePack(disk);
  const pack = { configName: String(values.name ?? disk.configName), config: disk.config, files: disk.files, locales: disk.locales };
  const checks = compiled.sections.reduce((n, s) => n + s.items.length, 0);
  if (out) {
    await writeFilesAtomically([{ path: out, text: JSON.stringify(pack) }], '--out');
    console.log(`pack ${out}: ${compiled.sections.length} groups, ${checks} checks`);
  }
  if (upload) {
    const client = new pg.Client(connectionConfig(values as Record<string, string>));
    try {
      await client.connect();
    } catch (e) {
      throw new ConnectionError(`cannot connect: ${(e as Error).message}`);
    }
    try {
      let res;
      try {
        res = await client.query(`INSERT INTO sec_check.packs (name, pack) VALUES ($1, $2::jsonb)
          ON CONFLICT (name) DO UPDATE SET pack = excluded.pack, loaded_at = now() WHERE NOT packs.builtin`, [upload, JSON.stringify(pack)]);
      } catch (e) {
        throw new ConnectionError(`--upload ${upload}: ${describeServerError(e)}`);
      }
      // ON CONFLICT ... WHERE NOT builtin changes no row for a built-in pack: say so.
      if (res.rowCount === 0) throw new UsageError(`--upload ${upload}: a built-in pack of that name exists and cannot be replaced; choose another name`);
      console.log(`uploaded pack ${upload}: ${checks} checks`);
    } finally {
      await client.end();
    }
  }
  return 0;
}
