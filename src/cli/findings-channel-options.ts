// --channel FILE and --spool-dir DIR of the findings channel, shared by run, fleet, pii and channel flush.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { loadChannelConfig, InputFileError } from '../findings-channel/config.ts';
import { defaultSpoolDir } from '../findings-channel/spool.ts';
import type { ChannelConfig } from '../findings-channel/types.ts';
import { nonEmpty } from './args.ts';
import { UsageError } from '../session/errors.ts';
import { checkStateDir } from '../session/input-file.ts';

export const channelOptionHelp = `  --channel FILE       also insert every finding (Warning, Error, Failed) into a PostgreSQL table
                       ([alerts.postgres] in FILE, pgsense-rs's keys); what cannot be delivered
                       waits in the spool (exit 3 while findings are pending)
  --spool-dir DIR      the channel's spool (default one per channel target under
                       $XDG_STATE_HOME/sec-check/channel-spool/, or ~/.local/state/...)`;

export function loadChannelOption(value: string | boolean | undefined): ChannelConfig | null {
  const path = nonEmpty(value, '--channel');
  if (path === undefined) return null;
  try {
    return loadChannelConfig(path);
  } catch (e) {
    if (e instanceof InputFileError) throw new UsageError(`--channel ${e.message}`);
    throw e;
  }
}

export function spoolDirOption(value: string | boolean | undefined, channel: ChannelConfig | null): string | null {
  const dir = nonEmpty(value, '--spool-dir');
  if (dir !== undefined && !channel) throw new UsageError('--spool-dir: only with --channel FILE');
  if (!channel) return null;
  if (dir !== undefined) {
    // checked before anything is delivered: a spool under /proc or on a file is refused, not ignored
    checkStateDir(dir, `--spool-dir ${dir}`);
    return resolve(dir);
  }
  // by default one spool per channel target, so a flush never sends one channel's findings to another
  const target = createHash('sha256').update(`${channel.host}:${channel.port}/${channel.dbname}/${channel.schema}.${channel.table}`).digest('hex').slice(0, 16);
  const spool = join(defaultSpoolDir(), target);
  checkStateDir(spool, `the channel spool ${spool} (--spool-dir, or $XDG_STATE_HOME)`);
  return spool;
}
