// `sec-check pack`: check a pg_sec_check pack and serialize it for the database
// (--out FILE), or load it into sec_check.packs (--upload NAME) so run(..., p_pack) can use it.
import { writeFileSync } from 'node:fs';
import { loadPackFromConfig } from '../../runtime/node-pack.ts';
import { compilePack } from '../../core/pack.ts';
import { CONNECTION_OPTIONS, connectionConfig, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { openConnection } from '../connect.ts';

export const packCommand: Command = {
  name: 'pack',
  help: `sec-check pack --config FILE (--out FILE | --upload NAME [connection options])`,
  options: {
    ...CONNECTION_OPTIONS,
    config: { type: 'string' },
    out: { type: 'string' },
    upload: { type: 'string' },
    name: { type: 'string' },
  },
  async run(values) {
    if (!values.out && !values.upload) throw new UsageError('pack: give --out FILE or --upload NAME');
    const disk = loadPackFromConfig(String(values.config ?? 'config.json'));
    const compiled = compilePack(disk);
    const pack = { configName: String(values.name ?? disk.configName), config: disk.config, files: disk.files, locales: disk.locales };
    const checks = compiled.sections.reduce((n, s) => n + s.items.length, 0);
    if (values.out) {
      writeFileSync(String(values.out), JSON.stringify(pack));
      console.log(`pack ${values.out}: ${compiled.sections.length} groups, ${checks} checks`);
    }
    if (values.upload) {
      const client = await openConnection(connectionConfig(values as Record<string, string>), { readOnly: false });
      try {
        await client.query(`INSERT INTO sec_check.packs (name, pack) VALUES ($1, $2::jsonb)
          ON CONFLICT (name) DO UPDATE SET pack = excluded.pack, loaded_at = now() WHERE NOT packs.builtin`, [values.upload, JSON.stringify(pack)]);
        console.log(`uploaded pack ${values.upload}: ${checks} checks`);
      } finally {
        await client.end();
      }
    }
    return 0;
  },
};
