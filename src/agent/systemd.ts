// The systemd units of `sec-check agent --print-systemd`. The agent runs as the PostgreSQL
// OS account (it reads PGDATA's modes and files as the server would), sees the file system
// read-only, and gets its password from a credentials file that systemd hands over in
// $CREDENTIALS_DIRECTORY: never on the command line or in the unit's environment.
import { realpathSync } from 'node:fs';

export interface SystemdOptions {
  every: string | undefined;
  configPath: string | null;
  connection: { host?: string; port?: string; user?: string; database?: string };
  osUser: string;
  pgdata: string;
  credential: string;
}

/** systemd's quoting for one ExecStart argument: double quotes, with \ " $ % escaped. */
function quoteArg(arg: string): string {
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}

function line(name: string, value: string): string {
  if (/[\n\r]/.test(value)) throw new Error(`${name}: a line break is not allowed in a systemd setting`);
  return `${name}=${value}`;
}

export function printSystemd(o: SystemdOptions): string {
  const cli = process.argv[1] ? realpathSync(process.argv[1]) : 'sec-check';
  const args = [process.execPath, cli, 'agent', o.every ? '--every' : '--once'];
  if (o.every) args.push(o.every);
  for (const key of ['host', 'port', 'user', 'database'] as const) {
    const value = o.connection[key];
    if (value !== undefined) args.push(`--${key}`, String(value));
  }
  if (o.configPath) args.push('--config', o.configPath);
  // posts not yet stored survive a restart (and the next timer run) in the state directory
  args.push('--spool', '/var/lib/sec-check-agent/pending.json');
  const exec = args.map(quoteArg).join(' ');
  const service = [
    '# /etc/systemd/system/sec-check-agent.service',
    '[Unit]',
    'Description=sec_check host agent: posts the host checks to the sec_check tables',
    'After=network-online.target postgresql.service',
    'Wants=network-online.target',
    '',
    '[Service]',
    o.every ? 'Type=simple' : 'Type=oneshot',
    line('User', o.osUser),
    line('Group', o.osUser),
    line('ExecStart', exec),
    // the password: a root-only file on the host, handed to the service under %d
    line('LoadCredential', `pgpass:${o.credential}`),
    'Environment=PGPASSFILE=%d/pgpass',
    'StateDirectory=sec-check-agent',
    'StateDirectoryMode=0700',
    ...(o.every ? ['Restart=on-failure', 'RestartSec=30s'] : []),
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'ProtectHome=read-only',
    line('ReadOnlyPaths', o.pgdata),
    'PrivateTmp=yes',
    'PrivateDevices=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectControlGroups=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'CapabilityBoundingSet=',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
    'UMask=0077',
    ...(o.every ? [] : ['']),
  ];
  if (o.every) {
    service.push('', '[Install]', 'WantedBy=multi-user.target', '');
    return service.join('\n');
  }
  const timer = [
    '# /etc/systemd/system/sec-check-agent.timer',
    '[Unit]',
    'Description=sec_check host agent, hourly',
    '',
    '[Timer]',
    'OnBootSec=5min',
    'OnUnitActiveSec=1h',
    'RandomizedDelaySec=5min',
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ];
  return service.join('\n') + '\n' + timer.join('\n');
}
