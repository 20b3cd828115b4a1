// `sec-check listen`: alerts as they happen. Channel sec_check (the default) carries one
// notification per stored run; after a reconnect the runs stored meanwhile are caught up
// from sec_check.runs, so none is lost silently. Other channels are passed through.
import { CONNECTION_OPTIONS, connectionConfig, UsageError, type OptionValues } from '../args.ts';
import type { Command } from '../command.ts';
import { listenLoop, type ChannelHandler } from '../listen-loop.ts';
import { catchUpRuns, newestRunId, parseRunNotification, RunCursor, RUNS_CHANNEL } from '../listen-runs.ts';

const LISTEN_HELP = `sec-check listen [options]
  --host, --port, --user, --database   connection, as for run
  --channel NAME       channel to listen on (default sec_check: one alert per stored run)
  --exec CMD           run CMD (with sh -c) once per notification, the JSON line on its stdin;
                       without it each notification is printed as one JSON line
  Reconnects when the server restarts and then catches up on the runs stored meanwhile.`;

function runsHandler(): ChannelHandler {
  let cursor: RunCursor | null = null;
  return {
    async catchUp(client) {
      if (!cursor) { cursor = new RunCursor(await newestRunId(client)); return []; }
      return cursor.accept(await catchUpRuns(client, cursor.lastRunId)).map((n) => JSON.stringify(n));
    },
    accept(payload) {
      const note = parseRunNotification(payload);
      return cursor && cursor.accept([note]).length ? JSON.stringify(note) : null;
    },
  };
}

function passThrough(channel: string): ChannelHandler {
  return {
    async catchUp() { return []; },
    accept(payload) {
      try { return JSON.stringify(JSON.parse(payload)); } catch { return JSON.stringify({ channel, payload }); }
    },
  };
}

export const listenCommand: Command = {
  name: 'listen',
  help: LISTEN_HELP,
  options: { ...CONNECTION_OPTIONS, channel: { type: 'string' }, exec: { type: 'string' } },
  run: listen,
};

async function listen(values: OptionValues): Promise<number> {
  const channel = String(values.channel ?? RUNS_CHANNEL);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(channel)) throw new UsageError(`--channel: not a channel name: ${JSON.stringify(channel)}`);
  if (values.exec !== undefined && String(values.exec).trim() === '') throw new UsageError('--exec: empty command');
  const config = connectionConfig(values as Record<string, string>);
  const stop = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await listenLoop({
    config, channel, stop,
    exec: values.exec as string | undefined,
    handler: channel === RUNS_CHANNEL ? runsHandler() : passThrough(channel),
  });
  return 0;
}
