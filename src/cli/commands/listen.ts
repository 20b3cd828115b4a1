// `sec-check listen`: options of the notification forwarder (src/ddl-trail/listener.ts) and of
// its e-mail and webhook delivery (src/ddl-trail/notifier.ts).
import { join } from 'node:path';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { CATCH_UP, Listener } from '../../ddl-trail/listener.ts';
import { RUNS_CHANNEL } from '../../ddl-trail/run-notifications.ts';
import { defaultStateDir, InputFileError, loadNotifyConfig } from '../../ddl-trail/notify-config.ts';
import { Notifier } from '../../ddl-trail/notifier.ts';
import { checkStateDir, INPUT_CAPS } from '../../session/input-file.ts';
import { checkStateFile } from '../output.ts';
import { TOOL_VERSION } from '../../runtime/tool-info.ts';

const LISTEN_HELP = `sec-check listen [--channel NAME] [--exec CMD] [--notify FILE [--state-dir DIR]] [--heads FILE] [--from-id N] [connection options]
    --channel: sec_check (default: one alert per stored run) or sec_check_ddl (the DDL trail).
    Prints each notification as one JSON line, or runs CMD (sh -c) once per event with the
    JSON line on its stdin. Reconnects with backoff and then resends what was committed while
    it was disconnected; for sec_check_ddl it checks the hash chain (--heads keeps its head).
  --notify FILE        also deliver every event by e-mail ([email]: SMTP, STARTTLS by default)
                       and/or to a webhook ([webhook]: a JSON POST, signed when a secret is
                       given); failed sends are retried with backoff and reported on stderr;
                       what was queued or sent is kept in the state directory, so a restart
                       sends nothing twice and resumes after the last event it forwarded
  --state-dir DIR      where that state is kept (default [delivery] state_dir, else one per
                       server, database and channel under $XDG_STATE_HOME/sec-check/listen)
${CONNECTION_HELP}`;

export const listenCommand: Command = {
  name: 'listen',
  help: LISTEN_HELP,
  options: {
    ...CONNECTION_OPTIONS,
    channel: { type: 'string' },
    exec: { type: 'string' },
    heads: { type: 'string' },
    'from-id': { type: 'string' },
    notify: { type: 'string' },
    'state-dir': { type: 'string' },
  },
  run: listen,
};

async function listen(values: OptionValues): Promise<number> {
  const channel = String(values.channel ?? RUNS_CHANNEL);
  if (values.exec !== undefined && String(values.exec).trim() === '') throw new UsageError('--exec: empty command');
  if (!/^[a-z_][a-z0-9_$]{0,62}$/i.test(channel)) throw new UsageError(`--channel: not a channel name: ${JSON.stringify(channel)}`);
  const fromId = values['from-id'] === undefined ? null : Number(values['from-id']);
  if (fromId !== null && !(Number.isSafeInteger(fromId) && fromId >= 0)) throw new UsageError(`--from-id: not a row id: ${JSON.stringify(values['from-id'])}`);
  let headsFile = nonEmpty(values.heads, '--heads');
  const catchUp = CATCH_UP[channel];
  if (headsFile && !catchUp?.chain) throw new UsageError(`--heads: channel ${channel} has no hash chain to keep (only ${Object.keys(CATCH_UP).filter((c) => CATCH_UP[c].chain).join(', ')})`);
  if (headsFile) checkStateFile(headsFile, '--heads', INPUT_CAPS.state);
  const target = connectionConfig(values);

  let notifier: Notifier | null = null;
  const notifyFile = nonEmpty(values.notify, '--notify');
  const stateOption = nonEmpty(values['state-dir'], '--state-dir');
  if (stateOption !== undefined && notifyFile === undefined) throw new UsageError('--state-dir: only with --notify FILE');
  if (notifyFile !== undefined) {
    let config;
    try {
      config = loadNotifyConfig(notifyFile);
    } catch (e) {
      if (e instanceof InputFileError) throw new UsageError(`--notify ${e.message}`);
      throw e;
    }
    const stateDir = stateOption ?? config.stateDir ?? defaultStateDir(`${target.host}:${target.port}/${target.database}/${channel}`);
    checkStateDir(stateDir, stateOption !== undefined ? `--state-dir ${stateDir}` : `the state directory ${stateDir}`);
    notifier = new Notifier(config, stateDir, (line) => process.stderr.write(`sec-check listen: ${line}\n`), `sec-check/${TOOL_VERSION}`);
    // the position forwarded last is kept with the delivery state, so a restart resumes there
    // (and, for the DDL trail, checks the chain from there) unless --heads or --from-id says otherwise
    if (headsFile === undefined && catchUp) headsFile = join(stateDir, 'position.json');
  }
  const listener = new Listener(channel, catchUp, target, values.exec as string | undefined, headsFile, notifier);
  listener.load(fromId);
  notifier?.start();
  const stop = () => { listener.stop(); void notifier?.stop(); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await listener.run();
  await notifier?.stop();
  return 0;
}
