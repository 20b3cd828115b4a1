// Last-resort process control for postmasters we started: find children, SIGKILL a
// tree, and make sure clusters do not outlive the Node process (test timeout, crash).
import { readdirSync, readFileSync, rmSync } from 'node:fs';

/**
 * A process that exists and is not a zombie. The postmaster is re-parented to PID 1 once
 * pg_ctl exits, and PID 1 on some CI/VM images reaps late: a dead postmaster can linger
 * as a zombie that still answers kill(pid, 0).
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false; // vanished between the two checks
  }
}

/** Direct children of `pid` (from /proc; Linux only, like the binaries). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // field 4 (ppid) follows "(comm)", which may itself contain spaces or parens
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      /* process vanished */
    }
  }
  return out;
}

/** SIGKILL the children first (they would otherwise be re-parented and hold connections), then the postmaster. */
export function killTree(pid: number): void {
  for (const c of childPids(pid)) {
    try {
      process.kill(c, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

export async function waitGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (pidAlive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

interface Live {
  postmasterPid(): number | null;
  baseDir: string;
}

const live = new Set<Live>();
let hooked = false;

function reapAllSync(): void {
  for (const c of live) {
    const pid = c.postmasterPid();
    if (pid) killTree(pid);
    try {
      rmSync(c.baseDir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  live.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  reapAllSync();
  // keep the default meaning of the signal for the process
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.kill(process.pid, sig);
}

/** Track a running cluster so an exiting Node process kills it. Returns the untrack function. */
export function trackLive(c: Live): () => void {
  live.add(c);
  if (!hooked) {
    hooked = true;
    process.on('exit', reapAllSync);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return () => {
    live.delete(c);
    if (live.size === 0 && hooked) {
      hooked = false;
      process.off('exit', reapAllSync);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
