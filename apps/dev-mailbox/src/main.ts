// The development mailbox and SMS sandbox alone, for compose. Never part of the production image.
import { readFileSync } from 'node:fs';
import { startDevMailbox } from './dev-mailbox.server';
import { startDevSms } from './dev-sms.server';

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number`);
  return value;
}

async function main(): Promise<void> {
  const host = process.env.MAILBOX_HOST ?? '127.0.0.1';
  const apiKey = process.env.SMS_SANDBOX_API_KEY_FILE ? readFileSync(process.env.SMS_SANDBOX_API_KEY_FILE, 'utf8').trim() : process.env.SMS_SANDBOX_API_KEY;
  if (!apiKey) throw new Error('SMS_SANDBOX_API_KEY_FILE (or SMS_SANDBOX_API_KEY) must give the SMS sandbox its API key');
  const user = process.env.MAILBOX_SMTP_USER;
  const pass = process.env.MAILBOX_SMTP_PASSWORD;
  const mailbox = await startDevMailbox({ host, smtpPort: port('MAILBOX_SMTP_PORT', 1025), httpPort: port('MAILBOX_HTTP_PORT', 8025), ...(user && pass ? { auth: { user, pass } } : {}) });
  const sms = await startDevSms({ host, port: port('SMS_SANDBOX_PORT', 8026), apiKey });
  process.stdout.write(`development mailbox: SMTP on ${mailbox.smtpHost}:${mailbox.smtpPort}, read at ${mailbox.url}\n`);
  process.stdout.write(`development SMS sandbox on ${sms.url}/v1/messages\n`);
  const stop = () => void Promise.all([mailbox.stop(), sms.stop()]).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
