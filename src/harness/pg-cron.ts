// Test harness only: make Debian unstable's pg_cron build load on an older glibc.
//
// postgresql-18-cron is linked against glibc 2.38 for exactly two symbols, the C23 names of
// sscanf and strtol (__isoc23_*). On a machine with an older glibc we
//   1. build a tiny shim library that defines them by forwarding to vsscanf/strtol,
//   2. patch the copied pg_cron.so with patchelf (from the machine's own Debian release):
//      drop the symbols' version, add the shim as NEEDED, look for it next to pg_cron.so
//      (and for libpq in the tree's lib/),
//   3. mark the GLIBC_2.38 version requirement weak (VER_FLG_WEAK), so the loader no longer
//      refuses the file for a version nobody needs any more.
// Users install pg_cron from their distribution; nothing here runs outside the harness.
import fs from 'node:fs/promises';
import path from 'node:path';
import { downloadDebs, machineSuite } from './debian-extras.js';
import { execOk } from './exec.js';

const C23_SYMBOLS = ['__isoc23_sscanf', '__isoc23_strtol'];
const NEEDED_VERSION = 'GLIBC_2.38';
const SHIM = 'libsec_check_isoc23_shim.so';

const SHIM_SOURCE = `/* sec_check test harness: C23 entry points for an older glibc */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int __isoc23_sscanf(const char *s, const char *format, ...)
{
  va_list ap;
  int n;
  va_start(ap, format);
  n = vsscanf(s, format, ap);
  va_end(ap);
  return n;
}

long __isoc23_strtol(const char *s, char **end, int base)
{
  return strtol(s, end, base);
}
`;

/** [major, minor] of this machine's glibc (getconf GNU_LIBC_VERSION: "glibc 2.36"). */
async function glibcVersion(): Promise<[number, number]> {
  const out = (await execOk('getconf', ['GNU_LIBC_VERSION'])).stdout;
  const m = /(\d+)\.(\d+)/.exec(out);
  if (!m) throw new Error(`cannot read the glibc version from getconf: ${out.trim()}`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Sets VER_FLG_WEAK on the named version requirement in an ELF64 little-endian file.
 * Walks .gnu.version_r (Verneed records, each with its Vernaux list); names come from the
 * section's linked string table. Returns how many entries were changed.
 */
export function weakenVersionNeed(file: Buffer, versionName: string): number {
  if (file.readUInt32BE(0) !== 0x7f454c46 || file[4] !== 2 || file[5] !== 1) {
    throw new Error('not an ELF64 little-endian file');
  }
  const shoff = Number(file.readBigUInt64LE(0x28));
  const shentsize = file.readUInt16LE(0x3a);
  const shnum = file.readUInt16LE(0x3c);
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return {
      type: file.readUInt32LE(at + 4),
      offset: Number(file.readBigUInt64LE(at + 24)),
      link: file.readUInt32LE(at + 40),
      info: file.readUInt32LE(at + 44),
    };
  };
  const SHT_GNU_VERNEED = 0x6ffffffe;
  const VER_FLG_WEAK = 2;
  let changed = 0;
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type !== SHT_GNU_VERNEED) continue;
    const strtab = section(s.link).offset;
    const str = (off: number) => {
      const start = strtab + off;
      return file.toString('latin1', start, file.indexOf(0, start));
    };
    let need = s.offset;
    for (let n = 0; n < s.info; n++) {
      const count = file.readUInt16LE(need + 2);
      let aux = need + file.readUInt32LE(need + 8);
      for (let a = 0; a < count; a++) {
        if (str(file.readUInt32LE(aux + 8)) === versionName) {
          file.writeUInt16LE(file.readUInt16LE(aux + 4) | VER_FLG_WEAK, aux + 4);
          changed++;
        }
        aux += file.readUInt32LE(aux + 12);
      }
      const next = file.readUInt32LE(need + 12);
      if (!next) break;
      need += next;
    }
  }
  return changed;
}

/** Called while building the PG 18 install tree (install.ts), after the .debs are unpacked. */
export async function makePgCronLoadable(root: string, scratch: string): Promise<void> {
  const libDir = path.join(root, 'lib/postgresql');
  const so = path.join(libDir, 'pg_cron.so');
  const needs = (await execOk('objdump', ['-T', so])).stdout;
  const [major, minor] = await glibcVersion();
  if (!needs.includes(NEEDED_VERSION) || major > 2 || (major === 2 && minor >= 38)) return; // loads as is

  const src = path.join(scratch, 'isoc23-shim.c');
  await fs.writeFile(src, SHIM_SOURCE);
  await execOk('cc', ['-shared', '-fPIC', '-O2', '-o', path.join(libDir, SHIM), src]);

  const [patchelfDeb] = await downloadDebs(['patchelf'], path.join(scratch, 'apt-tools'), path.join(scratch, 'debs-tools'), machineSuite());
  const tools = path.join(scratch, 'tools');
  await execOk('dpkg-deb', ['-x', patchelfDeb, tools]);
  const patchelf = path.join(tools, 'usr/bin/patchelf');
  // one option per call: combining --add-needed with --set-rpath garbles RUNPATH
  for (const sym of C23_SYMBOLS) await execOk(patchelf, ['--clear-symbol-version', sym, so]);
  await execOk(patchelf, ['--add-needed', SHIM, so]);
  // the shim sits next to pg_cron.so; libpq comes from the tree's lib/ (a fresh machine
  // may have no system libpq)
  await execOk(patchelf, ['--set-rpath', '$ORIGIN:$ORIGIN/..', so]);

  const bytes = await fs.readFile(so);
  if (weakenVersionNeed(bytes, NEEDED_VERSION) === 0) {
    throw new Error(`pg_cron.so: no ${NEEDED_VERSION} version requirement found to weaken`);
  }
  await fs.writeFile(so, bytes);
}
