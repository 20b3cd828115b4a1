// Sending notifications of `sec-check listen`: e-mail over SMTP (nodemailer; STARTTLS required
// unless the file says otherwise) and a JSON POST to a webhook. Each send either resolves, or
// throws a SendError saying whether trying again can help (a receiver that refuses the message
// itself will refuse it again; a server down, a timeout or a login problem may pass).
import { createHmac, createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import type { EmailSink, WebhookSink } from './notify-config.ts';
import type { QueuedEvent } from './outbox.ts';

export class SendError extends Error {
  constructor(message: string, readonly permanent: boolean) { super(message); }
}

/** Server data (role names, statements) in a header: no control characters, bounded. */
function headerText(s: string, max = 180): string {
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
/** In the body: control characters but newlines and tabs shown as \xNN. */
function bodyText(s: unknown): string {
  return String(s ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line saying what an event is. */
export function describeEvent(e: Record<string, unknown>): string {
  if (e.alert) return `ALERT ${e.alert} on ${e.channel}: ${e.detail}`;
  if (e.command_tag !== undefined) {
    return `DDL in ${e.database_name}: ${e.command_tag}${e.object_identity ? ` ${e.object_identity}` : ''} by ${e.session_user_name}${e.current_user_name && e.current_user_name !== e.session_user_name ? ` (as ${e.current_user_name})` : ''}`;
  }
  if (e.run_id !== undefined) {
    const counts = Object.entries((e.counts ?? {}) as Record<string, number>).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
    const news = Array.isArray(e.new_findings) && e.new_findings.length ? `; ${e.new_findings.length} new finding(s)` : '';
    const regress = Array.isArray(e.regressions) && e.regressions.length ? `; ${e.regressions.length} regression(s)` : '';
    return `run ${e.run_id} (${e.scope ?? 'all'}, ${e.origin ?? ''}) by ${e.run_by}: ${counts || 'no results'}${news}${regress}`;
  }
  return `notification on ${e.channel}`;
}

const DDL_FIELDS: [string, string][] = [
  ['at', 'when'], ['database_name', 'database'], ['command_tag', 'command'], ['object_type', 'object type'], ['object_identity', 'object'],
  ['session_user_name', 'session user'], ['current_user_name', 'current user'], ['client_addr', 'client address'], ['client_port', 'client port'],
  ['application_name', 'application'], ['backend_pid', 'backend pid'], ['transaction_id', 'transaction'], ['id', 'trail row'], ['statement', 'statement'],
];

function eventBody(e: Record<string, unknown>): string {
  const lines = [describeEvent(e)];
  if (e.command_tag !== undefined) {
    for (const [k, label] of DDL_FIELDS) if (e[k] !== undefined && e[k] !== null) lines.push(`  ${label}: ${bodyText(e[k]).replace(/\n/g, '\n    ')}`);
  } else if (e.run_id !== undefined) {
    for (const k of ['finished_at', 'pack', 'scope', 'origin', 'run_by']) if (e[k] !== undefined) lines.push(`  ${k}: ${bodyText(e[k])}`);
    for (const k of ['new_findings', 'regressions']) if (Array.isArray(e[k]) && (e[k] as unknown[]).length) lines.push(`  ${k}: ${(e[k] as unknown[]).map(bodyText).join(', ')}`);
  }
  return lines.join('\n');
}

/** The message for a batch of events: subject, text and a Message-ID that is the same on a resend. */
export function mailMessage(sink: EmailSink, events: QueuedEvent[]): { subject: string; text: string; messageId: string } {
  const first = events[0].event;
  const alerts = events.filter((e) => e.event.alert).length;
  const subject = events.length === 1
    ? `${sink.subjectPrefix} ${headerText(describeEvent(first))}`
    : `${sink.subjectPrefix} ${events.length} events on ${headerText(String(first.channel))}${alerts ? `, ${alerts} ALERT${alerts > 1 ? 's' : ''}` : ''}`;
  const text = `${events.map((e) => eventBody(e.event)).join('\n\n')}\n\n-- \nsec-check listen on ${hostname()}; the events as JSON lines:\n${
    events.map((e) => JSON.stringify({ id: e.id, event: e.event })).join('\n')}\n`;
  const digest = createHash('sha256').update(events.map((e) => e.id).join('\n')).digest('hex').slice(0, 32);
  return { subject: headerText(subject, 250), text, messageId: `<sec-check.${digest}@${hostname().replace(/[^A-Za-z0-9.-]/g, '') || 'sec-check'}>` };
}

export async function sendMail(sink: EmailSink, events: QueuedEvent[]): Promise<void> {
  const transport = nodemailer.createTransport({
    host: sink.host,
    port: sink.port,
    secure: sink.security === 'tls',
    requireTLS: sink.security === 'starttls',
    ignoreTLS: sink.security === 'none',
    auth: sink.username !== null ? { user: sink.username, pass: sink.password! } : undefined,
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(sink.ca ? { ca: sink.ca } : {}) },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const m = mailMessage(sink, events);
  try {
    await transport.sendMail({ from: sink.from, to: sink.to, subject: m.subject, text: m.text, messageId: m.messageId, headers: { 'X-Sec-Check-Events': String(events.length) } });
  } catch (e) {
    const err = e as Error & { code?: string; responseCode?: number; response?: string };
    // the server refused this message or its recipients (5xx): it will refuse it again
    const permanent = (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && (err.responseCode ?? 0) >= 500;
    const why = err.response ? `${err.code ?? 'error'}: ${headerText(err.response, 300)}` : headerText(err.message, 300);
    throw new SendError(why, permanent);
  } finally {
    transport.close();
  }
}

/** The body of one webhook POST. */
export function webhookBody(e: QueuedEvent): string {
  return JSON.stringify({ source: 'sec-check', id: e.id, event: e.event });
}

export function sendWebhook(sink: WebhookSink, e: QueuedEvent, userAgent: string): Promise<void> {
  const body = webhookBody(e);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': userAgent,
    // a receiver drops a repeat by this key (a reply lost after it took the event)
    'idempotency-key': e.id,
  };
  if (sink.token) headers.authorization = `Bearer ${sink.token}`;
  if (sink.secret) headers['x-sec-check-signature'] = `sha256=${createHmac('sha256', sink.secret).update(body).digest('hex')}`;
  const request = sink.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(sink.url, { method: 'POST', headers, agent: false, timeout: sink.timeoutMs, ...(sink.ca ? { ca: sink.ca } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { if (text.length < 2000) text += c; });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) { resolve(); return; }
        // the event itself refused (bad request, gone, too large): sending it again will not help
        const permanent = [400, 410, 413, 415, 422].includes(status);
        reject(new SendError(`HTTP ${status}${text ? `: ${headerText(text, 200)}` : ''}`, permanent));
      });
      res.on('error', (err) => reject(new SendError(err.message, false)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${sink.timeoutMs} ms`)));
    req.on('error', (err) => reject(new SendError(headerText(err.message, 300), false)));
    req.end(body);
  });
}
