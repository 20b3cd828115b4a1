// `sec-check listen`: options of the notification forwarder (src/ddl-trail/listener.ts).
import { CONNECTION_OPTIONS, connectionConfig, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { CATCH_UP, Listener } from '../../ddl-trail/listener.ts';
import { RUNS_CHANNEL } from '../../ddl-trail/run-notifications.ts';

const LISTEN_HELP = `sec-check listen [--channel NAME] [--exec CMD] [--heads FILE] [--from-id N] [connection options]
    --channel: sec_check (default: one alert per stored run) or sec_check_ddl (the DDL trail).
    Prints each notification as one JSON line, or runs CMD (sh -c) once per event with the
    JSON line on its stdin. Reconnects with backoff and then resends what was committed while
    it was disconnected; for sec_check_ddl it checks the hash chain (--heads keeps its head).`;

export const listenCommand: Command = {
  name: 'listen',
  help: LISTEN_HELP,
  options: {
    ...CONNECTION_OPTIONS,
    channel: { type: 'string' },
    exec: { type: 'string' },
    heads: { type: 'string' },
    'from-id': { type: 'string' },
  },
  run: listen,
};

async function listen(values: OptionValues): Promise<number> {
  const channel = String(values.channel ?? RUNS_CHANNEL);
  if (values.exec !== undefined && String(values.exec).trim() === '') throw new UsageError('--exec: empty command');
  if (!/^[a-z_][a-z0-9_$]{0,62}$/i.test(channel)) throw new UsageError(`--channel: not a channel name: ${JSON.stringify(channel)}`);
  const fromId = values['from-id'] === undefined ? null : Number(values['from-id']);
  if (fromId !== null && !(Number.isSafeInteger(fromId) && fromId >= 0)) throw new UsageError(`--from-id: not a row id: ${JSON.stringify(values['from-id'])}`);
  const headsFile = values.heads as string | undefined;
  const catchUp = CATCH_UP[channel];
  if (headsFile && !catchUp?.chain) throw new UsageError(`--heads: channel ${channel} has no hash chain to keep (only ${Object.keys(CATCH_UP).filter((c) => CATCH_UP[c].chain).join(', ')})`);
  const listener = new Listener(channel, catchUp, connectionConfig(values as Record<string, string>), values.exec as string | undefined, headsFile);
  listener.load(fromId);
  const stop = () => { listener.stop(); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await listener.run();
  return 0;
}

