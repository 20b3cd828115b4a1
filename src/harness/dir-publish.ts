// Concurrency-safe "build once, then share" for cache directories.
//
// Correctness comes from the atomic rename of a fully built directory: a reader only
// ever sees a missing or a complete directory, and when two processes race, the second
// rename fails and that process throws its copy away. The lock file on top is only an
// optimisation (parallel test processes wait for one builder instead of all
// downloading); a stale or stuck lock is ignored after a while, never trusted blindly.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

const MARKER = '.complete';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `dir` was published by publishDir (has its completion marker). */
export function isPublished(dir: string): boolean {
  return existsSync(path.join(dir, MARKER));
}

async function tryLock(lockFile: string): Promise<boolean> {
  try {
    const fh = await fs.open(lockFile, 'wx');
    await fh.writeFile(String(process.pid));
    await fh.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
}

/** Lock holder is dead (or the file is unreadable garbage) -> the lock may be broken. */
async function lockIsStale(lockFile: string): Promise<boolean> {
  const text = await fs.readFile(lockFile, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) {
    // may be mid-write by its creator: only stale once it is old
    const st = await fs.stat(lockFile).catch(() => null);
    return !st || Date.now() - st.mtimeMs > 5000;
  }
  return !pidAlive(pid);
}

/** Remove leftovers `.build-*` of processes that died mid-build. */
async function sweepDeadBuilds(parent: string): Promise<void> {
  for (const name of await fs.readdir(parent).catch(() => [] as string[])) {
    const m = /^\.build-.*-(\d+)-[0-9a-f]+$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) await fs.rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/**
 * Ensure `finalDir` exists, building it with `build(tmpDir)` if needed.
 * `build` fills tmpDir (same parent, so rename is atomic); it must not touch finalDir.
 * waitMs: how long to wait for another process's build before building ourselves.
 */
export async function publishDir(
  finalDir: string,
  build: (tmpDir: string) => Promise<void>,
  waitMs = 10 * 60_000,
): Promise<{ built: boolean }> {
  if (isPublished(finalDir)) return { built: false };
  const parent = path.dirname(finalDir);
  await fs.mkdir(parent, { recursive: true, mode: 0o755 });
  const lockFile = `${finalDir}.lock`;
  const deadline = Date.now() + waitMs;
  let locked = false;
  while (!(locked = await tryLock(lockFile))) {
    if (isPublished(finalDir)) return { built: false };
    if (await lockIsStale(lockFile)) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) break; // build unlocked; the rename below keeps us correct
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    if (isPublished(finalDir)) return { built: false };
    await sweepDeadBuilds(parent);
    const tmp = path.join(parent, `.build-${path.basename(finalDir)}-${process.pid}-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(tmp, { mode: 0o755 });
    try {
      await build(tmp);
      await fs.writeFile(path.join(tmp, MARKER), new Date().toISOString() + '\n');
      // A half-written finalDir without marker (from older code or manual meddling) is replaced.
      if (existsSync(finalDir) && !isPublished(finalDir)) await fs.rm(finalDir, { recursive: true, force: true });
      try {
        await fs.rename(tmp, finalDir);
        return { built: true };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code === 'ENOTEMPTY' || code === 'EEXIST') && isPublished(finalDir)) return { built: false };
        throw e;
      }
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  } finally {
    if (locked) await fs.rm(lockFile, { force: true });
  }
}
