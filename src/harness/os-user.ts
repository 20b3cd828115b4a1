// PostgreSQL refuses to run as root. When we are root, every server-side binary
// (initdb, pg_ctl, postgres) runs as an unprivileged OS user instead.
import { readFileSync } from 'node:fs';

export interface RunUser {
  name: string;
  uid: number;
  gid: number;
}

let cached: RunUser | null | undefined;

/**
 * The OS user for server processes, or null to run as ourselves (non-root).
 * SEC_CHECK_PG_OS_USER overrides the default 'postgres'.
 */
export function pgRunUser(): RunUser | null {
  if (cached !== undefined) return cached;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return (cached = null);
  const name = process.env.SEC_CHECK_PG_OS_USER || 'postgres';
  // /etc/passwd is enough here (no NSS/LDAP on CI images) and avoids a child process.
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 4) return (cached = { name, uid: Number(f[2]), gid: Number(f[3]) });
  }
  throw new Error(
    `running as root, but OS user '${name}' does not exist; PostgreSQL will not run as root. ` +
      `Create it (useradd -r postgres) or set SEC_CHECK_PG_OS_USER.`,
  );
}

/** spawn() options that drop to the run user (empty when not root). */
export function runUserSpawnOptions(): { uid?: number; gid?: number } {
  const u = pgRunUser();
  return u ? { uid: u.uid, gid: u.gid } : {};
}
