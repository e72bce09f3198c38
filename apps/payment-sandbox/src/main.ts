import { readFileSync } from 'node:fs';
import { startSandboxGateway } from './sandbox-gateway.server';

/**
 * The development payment gateway for the local platform and docker-compose. Production never
 * runs it: there the payment service talks to real intermediaries.
 */
const secretFile = process.env.SANDBOX_HASH_SECRET_FILE;
const ipnUrl = process.env.SANDBOX_IPN_URL;
if (!secretFile || !ipnUrl) {
  process.stderr.write('payment-sandbox cannot start: SANDBOX_HASH_SECRET_FILE and SANDBOX_IPN_URL are required\n');
  process.exit(1);
}

startSandboxGateway({
  port: Number(process.env.HTTP_PORT ?? 3090),
  host: process.env.HTTP_HOST ?? '127.0.0.1',
  hashSecret: readFileSync(secretFile, 'utf8').trim(),
  tmnCode: process.env.SANDBOX_TMN_CODE ?? 'ONCEONLY',
  ipnUrl,
  // The VietQR bank is on when both are given: where it notifies credits, and the agency's account.
  ...(process.env.SANDBOX_CREDIT_URL && process.env.SANDBOX_BANK_ACCOUNT ? { bank: { creditUrl: process.env.SANDBOX_CREDIT_URL, accountNumber: process.env.SANDBOX_BANK_ACCOUNT } } : {}),
}).then(
  (running) => process.stdout.write(`payment-sandbox ready on ${running.url} (IPN to ${ipnUrl})\n`),
  (error: unknown) => {
    process.stderr.write(`payment-sandbox cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
