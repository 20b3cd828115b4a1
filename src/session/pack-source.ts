// Which pack a run uses and whether its files are intact: without --config the built-in
// catalog beside the CLI (checked against the hashes compiled into it); with --config a
// pack of one's own (checked against its manifest when it has one). A mismatch refuses the
// run (exit 2) unless --unsecure, which warns loudly and marks the report unverified.
import { PackError } from '../core/pack.ts';
import { loadPackFromConfig, type DiskPack } from './node-pack.ts';
import { dirname, resolve } from 'node:path';
import { builtinConfigPath, builtinHashes, IntegrityError, listDigest, readManifest, verifyListed, verifyUnlisted } from './integrity.ts';

export interface PackSource {
  pack: DiskPack;
  /** For the report's run.pack and run.integrity. */
  provenance: { pack: { name: string; sha256: string | null }; integrity: 'verified' | 'unverified' };
  /** One line for the console summary. */
  describe: string;
}

export function loadPackSource(config: string | undefined, unsecure: boolean, warn: (line: string) => void): PackSource {
  const builtin = config === undefined;
  const configPath = builtin ? builtinConfigPath() : config;
  const expected = builtin ? builtinHashes() : readManifest(configPath);
  const what = builtin ? 'built-in catalog' : `pack ${configPath}`;
  const label = builtin ? 'built-in catalog' : configPath;
  const refuse = (problems: string[]) => {
    if (problems.length && !unsecure) {
      throw new IntegrityError(`${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; the run is refused (--unsecure runs it anyway, unverified)`);
    }
    for (const p of problems) warn(`WARNING: ${p}`);
    return problems.length;
  };
  // The bytes first: a tampered file is a checksum mismatch, not a parse error.
  let mismatches = expected ? refuse(verifyListed(dirname(resolve(configPath)), expected, label)) : 0;
  let pack: DiskPack;
  try {
    pack = loadPackFromConfig(configPath);
  } catch (e) {
    if (builtin && e instanceof PackError) throw new PackError([`the built-in catalog cannot be read (${(e as Error).message}); give --config FILE or reinstall sec-check`]);
    throw e;
  }
  if (expected) mismatches += refuse(verifyUnlisted(pack, configPath, expected, label));
  const verified = expected !== null && mismatches === 0 && !unsecure;
  if (unsecure) warn(`WARNING: --unsecure: the checksums of the ${what} are not enforced; this report is marked "integrity: unverified"`);
  const digest = expected && verified ? listDigest(expected) : null;
  const integrity = verified ? 'verified' : 'unverified';
  const checks = `integrity ${integrity}${expected ? '' : ' (no manifest)'}`;
  return {
    pack,
    provenance: { pack: { name: builtin ? 'builtin' : configPath, sha256: digest }, integrity },
    describe: `pack: ${builtin ? `built-in catalog (${configPath})` : configPath}, ${checks}`,
  };
}

export { IntegrityError };
