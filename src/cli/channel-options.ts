// --channel FILE and --spool-dir DIR, shared by run, fleet and channel flush.
import { resolve } from 'node:path';
import { loadChannelConfig, InputFileError } from '../channel/config.ts';
import { defaultSpoolDir } from '../channel/spool.ts';
import type { ChannelConfig } from '../channel/types.ts';
import { nonEmpty, UsageError } from './args.ts';

export const channelOptionHelp = `  --channel FILE       also insert every finding (Warning, Error, Failed) into a PostgreSQL table
                       ([alerts.postgres] in FILE, pgsense-rs's keys); what cannot be delivered
                       waits in the spool (exit 3 while findings are pending)
  --spool-dir DIR      the channel's spool (default $XDG_STATE_HOME/sec-check/channel-spool)`;

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
  return channel ? resolve(dir ?? defaultSpoolDir()) : null;
}
