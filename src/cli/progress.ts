// A single self-erasing line while a run is going, on a terminal only (CI logs stay clean).
export function startProgress(): { stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const frames = ['|', '/', '-', '\\'];
  let i = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    process.stderr.write(`\r${frames[i++ % 4]} auditing… ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }, 250);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      process.stderr.write('\r\x1b[K');
    },
  };
}
