// PostgreSQL versions as [major, minor, patch] triples, compared component-wise.
// Config bounds use pg_sec_check's "none" (no bound) or "X[.Y[.Z]]".

export type Version = [number, number, number];

const VERSION_RE = /^(\d{1,3})(?:\.(\d{1,4}))?(?:\.(\d{1,4}))?$/;

/** Parse a config bound; returns null for "none", undefined when malformed. */
export function parseBound(text: unknown): Version | null | undefined {
  if (text === undefined || text === null || text === 'none' || text === '') return null;
  if (typeof text !== 'string') return undefined;
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** server_version_num → triple: 180004 → 18.4.0, 90624 → 9.6.24. */
export function fromVersionNum(num: number): Version {
  if (num >= 100000) return [Math.floor(num / 10000), num % 10000, 0];
  return [Math.floor(num / 10000), Math.floor(num / 100) % 100, num % 100];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function formatVersion(v: Version): string {
  return v.join('.');
}

/** Whether a script with these bounds applies to the server. */
export function inRange(server: Version, min: Version | null, max: Version | null): boolean {
  if (min && compareVersions(server, min) < 0) return false;
  if (max && compareVersions(server, max) > 0) return false;
  return true;
}
