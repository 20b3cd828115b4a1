// `sec-check channel flush`: deliver the findings waiting in the spool to the channel.
import { deliverFindings, deliverySummary, EXIT_PENDING } from '../../findings-channel/deliver.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { loadChannelOption, spoolDirOption } from '../findings-channel-options.ts';

export const channelFlushCommand: Command = {
  name: 'channel flush',
  help: `sec-check channel flush --channel FILE [--spool-dir DIR]
  deliver the findings a run could not deliver (channel down, insert failed) to the channel's
  table; each goes in once (exit 0 when nothing is left pending, 3 when some still are)`,
  options: {
    channel: { type: 'string' },
    'spool-dir': { type: 'string' },
  },
  async run(values) {
    const channel = loadChannelOption(values.channel);
    if (!channel) throw new UsageError('--channel FILE is required');
    const spoolDir = spoolDirOption(values['spool-dir'], channel)!;
    const result = await deliverFindings(channel, [], { spoolDir });
    if (result.error) process.stderr.write(`channel: ${result.error}\n`);
    console.log(deliverySummary(result));
    return result.pending > 0 ? EXIT_PENDING : 0;
  },
};
