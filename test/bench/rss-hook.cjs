// Preloaded with `node --require` into the CLI by the bench and evidence tests: on exit it
// writes the process's peak resident set size (KiB) to $SEC_CHECK_RSS_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.SEC_CHECK_RSS_FILE) writeFileSync(process.env.SEC_CHECK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
