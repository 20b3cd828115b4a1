// Asking for a password as psql does: on the controlling terminal (/dev/tty) without echo,
// or, when there is none and the prompt was asked for (-W), one line from standard input
// (so `echo pw | sec-check … -W` works in scripts). Without a terminal the default is not
// to ask at all: the connection then fails with "password required".
import { openSync, closeSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

/** Whether a controlling terminal can be opened (so a prompt can be answered). */
export function haveTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r+'));
    return true;
  } catch {
    return false;
  }
}

/** Reads one password; null when the input ends (Ctrl-D, EOF) before a line is given. */
export async function promptPassword(prompt: string, allowStdin: boolean): Promise<string | null> {
  let fd: number | null = null;
  try { fd = openSync('/dev/tty', 'r+'); } catch { fd = null; }
  if (fd !== null) return fromTerminal(fd, prompt);
  if (!allowStdin) return null;
  process.stderr.write(prompt);
  const line = await lineFromStdin();
  process.stderr.write('\n');
  return line;
}

function fromTerminal(fd: number, prompt: string): Promise<string | null> {
  // echo off before the prompt shows: a password typed (or pasted) as soon as the prompt
  // appears must never be echoed
  const input = new ReadStream(fd);
  input.setRawMode(true);
  input.setEncoding('utf8');
  writeSync(fd, prompt);
  return new Promise((done) => {
    let text = '';
    const finish = (value: string | null) => {
      input.setRawMode(false);
      input.removeAllListeners('data');
      input.destroy(); // closes fd
      done(value);
    };
    input.on('data', (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') { try { writeSync(fd, '\n'); } catch { /* closed */ } finish(text); return; }
        if (c === '\u0004') { finish(text === '' ? null : text); return; } // Ctrl-D
        if (c === '\u0003') { finish(null); process.kill(process.pid, 'SIGINT'); return; } // Ctrl-C
        if (c === '\u007f' || c === '\b') { text = text.slice(0, -1); continue; }
        text += c;
      }
    });
    input.on('error', () => finish(null));
  });
}

function lineFromStdin(): Promise<string | null> {
  return new Promise((done) => {
    let text = '';
    const stdin = process.stdin;
    const finish = (value: string | null) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
      done(value);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) finish(text.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = () => finish(text === '' ? null : text.replace(/\r$/, ''));
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}
