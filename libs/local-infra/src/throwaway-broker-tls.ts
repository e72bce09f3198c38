import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { mostTellingLine } from './file-tail.util';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import type { BrokerSecurity } from './kafka-server-properties.builder';
import { CommandNotFoundError, runCommand } from './process.util';

/** The files a secure local broker and its clients need, all in one folder. */
export interface ThrowawayBrokerTls extends Pick<BrokerSecurity, 'keystoreFile' | 'caFile' | 'brokerCertificateSubject'> {
  /** The CA certificate as PEM text, for kafkajs's `ssl.ca`. */
  readonly caPem: string;
}

const BROKER_SUBJECT = 'CN=kafka-local-broker';

/**
 * A CA made for one test run and a broker certificate it signs, for 127.0.0.1 and
 * localhost, valid one day, with openssl. Nothing here is a secret worth keeping: the folder
 * is a temporary one, and the keys die with it. Both uses of the broker key are allowed
 * (server, and client on its own controller channel), and the keystore is the unencrypted
 * PKCS#8 key followed by the certificate, which is what Kafka's PEM keystore reads.
 */
export async function createThrowawayBrokerTls(dir: string): Promise<ThrowawayBrokerTls> {
  const file = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', '/CN=Throwaway Kafka test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(['req', ...ec, '-keyout', file('broker.key'), '-out', file('broker.csr'), '-subj', `/${BROKER_SUBJECT}`]);
  await writeFile(
    file('broker.ext'),
    ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost', ''].join('\n'),
  );
  await openssl(['x509', '-req', '-in', file('broker.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '1', '-extfile', file('broker.ext'), '-out', file('broker.crt')]);

  const keystoreFile = file('broker-keystore.pem');
  await writeFile(keystoreFile, `${await readFile(file('broker.key'), 'utf8')}${await readFile(file('broker.crt'), 'utf8')}`, { mode: 0o600 });
  for (const key of ['ca.key', 'broker.key']) await chmod(file(key), 0o600);
  return { keystoreFile, caFile: file('ca.pem'), brokerCertificateSubject: BROKER_SUBJECT, caPem: await readFile(file('ca.pem'), 'utf8') };
}

async function openssl(args: string[]): Promise<void> {
  let result;
  try {
    result = await runCommand('openssl', args, { timeoutMs: 30_000 });
  } catch (error) {
    if (error instanceof CommandNotFoundError) throw new InfrastructureUnavailableError('Kafka', "no 'openssl' on PATH: the secure test broker's certificates are made with it");
    throw error;
  }
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new InfrastructureUnavailableError('Kafka', `openssl ${args[0]} failed: ${mostTellingLine(output)}`, output);
  }
}
