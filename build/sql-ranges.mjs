// The map of sql/: sql/README.md lists a number range per capability, and the build keeps it
// true. Every file's three-digit number must fall in exactly one listed range, ranges must not
// overlap, and every range must hold a file (a range nobody uses is a stale line).

const ROW = /^\|\s*(\d{3})\s*[–-]\s*(\d{3})\s*\|\s*([^|]+?)\s*\|/;

/** The ranges of the README's table: {from, to, capability, line}. */
export function parseSqlRanges(readme) {
  const ranges = [];
  readme.split('\n').forEach((text, i) => {
    const m = ROW.exec(text);
    if (m) ranges.push({ from: Number(m[1]), to: Number(m[2]), capability: m[3], line: i + 1 });
  });
  return ranges;
}

/** Problems of the folder against its README (file names, README text); [] when they agree. */
export function sqlRangeProblems(files, readme, where = 'sql/README.md') {
  const problems = [];
  const ranges = parseSqlRanges(readme);
  if (ranges.length === 0) return [`${where}: no "| NNN–NNN | capability |" rows`];
  for (const r of ranges) {
    if (r.from > r.to) problems.push(`${where}:${r.line}: range ${r.from}–${r.to} runs backwards`);
  }
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from <= sorted[i - 1].to) {
      problems.push(`${where}:${sorted[i].line}: range ${sorted[i].from}–${sorted[i].to} overlaps ${sorted[i - 1].from}–${sorted[i - 1].to} (line ${sorted[i - 1].line})`);
    }
  }
  const used = new Set();
  for (const file of files) {
    if (!file.endsWith('.sql')) continue;
    const m = /^(\d{3})_/.exec(file);
    if (!m) { problems.push(`sql/${file}: the name must start with a three-digit number (see ${where})`); continue; }
    const n = Number(m[1]);
    const range = ranges.find((r) => n >= r.from && n <= r.to);
    if (!range) problems.push(`sql/${file}: ${m[1]} is in no range of ${where}; give it its capability's number or add the range`);
    else used.add(range);
  }
  for (const r of ranges) {
    if (!used.has(r)) problems.push(`${where}:${r.line}: range ${String(r.from).padStart(3, '0')}–${String(r.to).padStart(3, '0')} (${r.capability}) holds no file; remove the line or use the range`);
  }
  return problems;
}
