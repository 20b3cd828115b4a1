// Shared by the catalog compiler tests: compile a copy of checks/ after a mutation and return
// the build's error message ('' when it compiled).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileCatalog } from '../../build/compile-catalog.ts';

export const CHECKS = path.resolve('checks');
export const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `sec_check-catalog-${name}-`));

export async function compileBroken(mutate: (dir: string) => void): Promise<string> {
  const dir = tmp('broken');
  const out = tmp('broken-out');
  try {
    cpSync(CHECKS, dir, { recursive: true });
    mutate(dir);
    await compileCatalog({ checksDir: dir, outDir: out });
    return '';
  } catch (e) {
    return (e as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

export const editJson = (file: string, fn: (o: any) => void) => { const o = JSON.parse(readFileSync(file, 'utf8')); fn(o); writeFileSync(file, JSON.stringify(o)); };
