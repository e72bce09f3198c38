import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { escapeHtml } from './escape-html';
import { errorAnswer, html, json, queryOf } from './http-answers';

export interface ReceivedMail {
  readonly id: string;
  readonly messageId: string | null;
  readonly from: string;
  /** The envelope's recipients (RCPT TO), lower case. */
  readonly to: string[];
  readonly subject: string;
  readonly date: string | null;
  readonly text: string;
  readonly html: string | null;
  /** Single-valued headers, names in lower case. */
  readonly headers: Record<string, string>;
  readonly attachments: { filename: string | null; contentType: string; size: number }[];
  readonly receivedAt: string;
}

export interface SmtpFault {
  readonly count: number;
  readonly code: number;
  readonly message: string;
  readonly stage?: 'RCPT' | 'DATA';
}

export interface DevMailboxOptions {
  readonly smtpPort?: number;
  readonly httpPort?: number;
  readonly host?: string;
  /** When set, AUTH PLAIN/LOGIN is required and other credentials get 535. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** When set, STARTTLS is offered; without it the server speaks plain SMTP only. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  readonly maxMessages?: number;
}

export interface RunningDevMailbox {
  readonly smtpHost: string;
  readonly smtpPort: number;
  readonly url: string;
  readonly duplicatesDropped: number;
  messages(filter?: { to?: string }): ReceivedMail[];
  failNext(fault: SmtpFault): void;
  rejectRecipient(address: string, code?: number, message?: string): void;
  /** Called with each mail once it is stored, before the sender hears 250 (tests kill the sender there). */
  onMessage(listener: ((mail: ReceivedMail) => void) | undefined): void;
  clear(): void;
  stop(): Promise<void>;
}

const MAX_SIZE = 10 * 1024 * 1024;

/**
 * A development mail server: real SMTP in (smtp-server), parsed (mailparser), kept in memory
 * and shown on a small page and a JSON API. It drops a message whose Message-ID it already
 * holds, still answering 250: that is the receiving side's half of the notification service's
 * guarantee, which sends again under the same Message-ID when it cannot know the first went.
 */
export async function startDevMailbox(options: DevMailboxOptions = {}): Promise<RunningDevMailbox> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 1_000;
  const stored: ReceivedMail[] = [];
  const faults: SmtpFault[] = [];
  const refused = new Map<string, { code: number; message: string }>();
  let duplicatesDropped = 0;
  let listener: ((mail: ReceivedMail) => void) | undefined;

  const refuse = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
  const takeFault = (stage: 'RCPT' | 'DATA') => {
    const fault = faults[0];
    if (!fault || (fault.stage ?? 'DATA') !== stage) return undefined;
    if (fault.count <= 1) faults.shift();
    else faults[0] = { ...fault, count: fault.count - 1 };
    return fault;
  };

  const smtpOptions: SMTPServerOptions = {
    banner: 'development mailbox',
    size: MAX_SIZE,
    authOptional: options.auth === undefined,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : { disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'] }),
    // Credentials over plain text are fine on a loopback development server.
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      callback(refuse(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const fault = takeFault('RCPT');
      if (fault) return callback(refuse(fault.code, fault.message));
      const refusal = refused.get(address.address.toLowerCase());
      if (refusal) return callback(refuse(refusal.code, refusal.message));
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const fault = takeFault('DATA');
        if (fault) return callback(refuse(fault.code, fault.message));
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(refuse(552, 'Message exceeds the size limit'));
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            const messageId = parsed.messageId ?? null;
            if (messageId && stored.some((mail) => mail.messageId === messageId)) {
              duplicatesDropped += 1;
              return callback();
            }
            const headers: Record<string, string> = {};
            for (const [name, value] of parsed.headers) if (typeof value === 'string') headers[name.toLowerCase()] = value;
            const mail: ReceivedMail = {
              id: randomUUID(),
              messageId,
              from: parsed.from?.text ?? '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
              subject: parsed.subject ?? '',
              date: parsed.date?.toISOString() ?? null,
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              headers,
              attachments: parsed.attachments.map((attachment) => ({ filename: attachment.filename ?? null, contentType: attachment.contentType, size: attachment.size })),
              receivedAt: new Date().toISOString(),
            };
            stored.push(mail);
            if (stored.length > maxMessages) stored.shift();
            listener?.(mail);
            callback();
          })
          .catch((error: unknown) => {
            process.stderr.write(`development mailbox: a message could not be parsed: ${String(error)}\n`);
            callback(refuse(554, 'The message could not be parsed'));
          });
      });
    },
  };
  const smtp = new SMTPServer(smtpOptions);
  smtp.on('error', (error) => process.stderr.write(`development mailbox: ${String(error)}\n`));
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort ?? 1025, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const select = (to?: string) => [...stored].reverse().filter((mail) => !to || mail.to.includes(to.toLowerCase()));
  const http: Server = createServer((request, response) => {
    const url = queryOf(request);
    if (request.method === 'DELETE' && url.pathname === '/api/messages') {
      stored.length = 0;
      return json(response, 200, { cleared: true });
    }
    if (request.method !== 'GET') return errorAnswer(response, 405, 'METHOD_NOT_ALLOWED', 'The mailbox is read with GET (and emptied with DELETE /api/messages).');
    if (url.pathname === '/api/messages') return json(response, 200, { items: select(url.searchParams.get('to') ?? undefined) });
    const one = /^\/(api\/)?messages\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (one) {
      const mail = stored.find((candidate) => candidate.id === one[2]);
      if (!mail) return errorAnswer(response, 404, 'NOT_FOUND', 'There is no such message in the mailbox.');
      return one[1] ? json(response, 200, mail) : html(response, mailPage(mail));
    }
    if (url.pathname === '/') return html(response, listPage(select()));
    errorAnswer(response, 404, 'NOT_FOUND', 'The mailbox has /, /messages/:id and /api/messages.');
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.httpPort ?? 8025, host, () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpHost: host,
    smtpPort,
    url: `http://${host}:${httpPort}`,
    get duplicatesDropped() {
      return duplicatesDropped;
    },
    messages: (filter = {}) => select(filter.to),
    failNext: (fault) => void faults.push(fault),
    rejectRecipient: (address, code = 550, message = 'No such user here') => void refused.set(address.toLowerCase(), { code, message }),
    onMessage: (next) => void (listener = next),
    clear: () => {
      stored.length = 0;
      faults.length = 0;
      refused.clear();
      duplicatesDropped = 0;
    },
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function listPage(mails: ReceivedMail[]): string {
  const rows = mails
    .map((mail) => `<tr><td>${escapeHtml(mail.receivedAt)}</td><td>${escapeHtml(mail.to.join(', '))}</td><td><a href="/messages/${mail.id}">${escapeHtml(mail.subject || '(không có tiêu đề)')}</a></td></tr>`)
    .join('\n');
  return page('Hộp thư phát triển', `<h1>Hộp thư phát triển</h1>
<p>Mọi thư nền tảng gửi đi trên máy này (chỉ dùng khi phát triển). ${mails.length} thư.</p>
<table><caption>Thư đã nhận, mới nhất trước</caption><thead><tr><th scope="col">Lúc nhận</th><th scope="col">Người nhận</th><th scope="col">Tiêu đề</th></tr></thead>
<tbody>${rows}</tbody></table>`);
}

function mailPage(mail: ReceivedMail): string {
  const headers = Object.entries(mail.headers)
    .map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return page(mail.subject || 'Thư', `<p><a href="/">← Hộp thư</a></p>
<h1>${escapeHtml(mail.subject)}</h1>
<table><caption>Tiêu đề thư</caption><tbody>${headers}</tbody></table>
<h2>Phần văn bản</h2><pre>${escapeHtml(mail.text)}</pre>
${mail.html ? `<h2>Phần HTML</h2><iframe title="Phần HTML của thư" sandbox srcdoc="${escapeHtml(mail.html)}" style="width: 100%; height: 30em"></iframe>` : ''}`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #888;padding:.3em .6em;text-align:left}pre{white-space:pre-wrap}</style></head>
<body><main>${body}</main></body></html>`;
}
