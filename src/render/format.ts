// Small display formatters shared by the HTML page and the console summary.

/** "2026-11-22T03:00:00.000Z" (or "+00:00", as PostgreSQL's to_jsonb writes it) ->
 *  "2026-11-22 03:00:00 UTC"; other strings unchanged. */
export function displayTime(iso: unknown): string {
  const s = iso == null ? '' : String(iso);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|\+00:00)$/.exec(s);
  return m ? `${m[1]} ${m[2]} UTC` : s;
}

/** 812 -> "812 ms", 1250 -> "1.25 s"; non-numbers -> "". */
export function displayDuration(ms: unknown): string {
  if (typeof ms !== 'number' || !isFinite(ms)) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
