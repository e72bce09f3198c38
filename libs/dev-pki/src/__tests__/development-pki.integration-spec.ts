import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { DEVELOPMENT_CA_NAME, ensureDevelopmentPki, type DevelopmentPki } from '@app/dev-pki';
import { loadSigningIdentity } from '@app/pdf';

const JUSTICE = { code: '000.00.12.H26', nameVi: 'Sở Tư pháp thành phố Hà Nội' };
const HEALTH = { code: '000.00.15.H26', nameVi: 'Sở Y tế thành phố Hà Nội' };

describe('ensureDevelopmentPki', () => {
  let dir: string;
  let pki: DevelopmentPki;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'development-pki-'));
    pki = await ensureDevelopmentPki(dir, [JUSTICE]);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('issues a CA, an agency signer without extended key usage, and a timestamping TSA, keeping the Vietnamese names', async () => {
    const ca = new x509.X509Certificate(pki.caCertificatePem);
    expect(ca.subjectName.getField('CN')).toEqual([DEVELOPMENT_CA_NAME]);
    expect(ca.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: true, critical: true });
    expect(ca.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    // UTF8String (tag 0x0c) holding the name's UTF-8 bytes, not a re-encoded Latin-1 string.
    expect(Buffer.from(ca.rawData).indexOf(Buffer.concat([Buffer.from([0x0c, Buffer.byteLength(DEVELOPMENT_CA_NAME)]), Buffer.from(DEVELOPMENT_CA_NAME)]))).toBeGreaterThan(0);

    const files = pki.agency(JUSTICE.code);
    const agency = new x509.X509Certificate(await readFile(files.certificateFile, 'utf8'));
    expect(agency.subjectName.getField('CN')).toEqual([JUSTICE.nameVi]);
    expect(agency.subjectName.getField('OU')).toEqual([JUSTICE.code]);
    expect(agency.subjectName.getField('C')).toEqual(['VN']);
    expect(agency.issuer).toBe(ca.subject);
    expect(agency.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    expect(agency.getExtension(x509.ExtendedKeyUsageExtension)).toBeNull();
    expect(await agency.verify({ publicKey: ca.publicKey })).toBe(true);

    const tsa = new x509.X509Certificate(await readFile(pki.tsa.certificateFile, 'utf8'));
    expect(tsa.getExtension(x509.ExtendedKeyUsageExtension)).toMatchObject({ usages: [x509.ExtendedKeyUsage.timeStamping], critical: true });

    for (const secret of [join(dir, 'ca.key.pem'), files.privateKeyFile, files.p12File, files.p12PasswordFile, pki.tsa.privateKeyFile]) {
      expect((await stat(secret)).mode & 0o777).toBe(0o600);
    }
  });

  it('reuses what it made, and adds only what is missing', async () => {
    const files = pki.agency(JUSTICE.code);
    const before = await readFile(files.p12File);
    const again = await ensureDevelopmentPki(dir, [JUSTICE, HEALTH]);
    expect(again.caCertificatePem).toBe(pki.caCertificatePem);
    expect((await readFile(again.agency(JUSTICE.code).p12File)).equals(before)).toBe(true);
    const health = await loadSigningIdentity({ kind: 'pkcs12', file: again.agency(HEALTH.code).p12File, password: (await readFile(again.agency(HEALTH.code).p12PasswordFile, 'utf8')).trim() });
    expect(health.subjectName).toBe(HEALTH.nameVi);
    expect(health.chainPem).toEqual([pki.caCertificatePem]);
    expect(() => again.agency('000.00.99.H26')).toThrow(/has no agency 000.00.99.H26/);
  });

  it('issues every leaf again when it has to make a new CA, so no leaf is left under a CA that is gone', async () => {
    const fresh = await mkdtemp(join(dir, 'renewed-'));
    const first = await ensureDevelopmentPki(fresh, [JUSTICE]);
    await rm(join(fresh, 'ca.key.pem'));
    const second = await ensureDevelopmentPki(fresh, [JUSTICE]);
    expect(second.caCertificatePem).not.toBe(first.caCertificatePem);
    const ca = new x509.X509Certificate(second.caCertificatePem);
    for (const file of [second.agency(JUSTICE.code).certificateFile, second.tsa.certificateFile]) {
      expect(await new x509.X509Certificate(await readFile(file, 'utf8')).verify({ publicKey: ca.publicKey })).toBe(true);
    }
    const files = second.agency(JUSTICE.code);
    const identity = await loadSigningIdentity({ kind: 'pkcs12', file: files.p12File, password: (await readFile(files.p12PasswordFile, 'utf8')).trim() });
    expect(identity.chainPem).toEqual([second.caCertificatePem]);
  });

  it('makes one PKI when called twice at once on one directory: both see the same CA, every leaf is under it', async () => {
    const shared = await mkdtemp(join(dir, 'concurrent-'));
    const [first, second] = await Promise.all([ensureDevelopmentPki(shared, [JUSTICE, HEALTH]), ensureDevelopmentPki(shared, [HEALTH, JUSTICE])]);
    expect(second.caCertificatePem).toBe(first.caCertificatePem);
    expect(await readFile(first.caFile, 'utf8')).toBe(first.caCertificatePem);
    const ca = new x509.X509Certificate(first.caCertificatePem);
    for (const file of [first.agency(JUSTICE.code).certificateFile, first.agency(HEALTH.code).certificateFile, first.tsa.certificateFile]) {
      expect(await new x509.X509Certificate(await readFile(file, 'utf8')).verify({ publicKey: ca.publicKey })).toBe(true);
    }
    for (const agency of [JUSTICE, HEALTH]) {
      const files = first.agency(agency.code);
      const identity = await loadSigningIdentity({ kind: 'pkcs12', file: files.p12File, password: (await readFile(files.p12PasswordFile, 'utf8')).trim() });
      expect(identity.certificatePem).toBe(await readFile(files.certificateFile, 'utf8'));
    }
  });

  it('takes over a lock left by a process that died, and leaves no lock behind', async () => {
    const abandoned = await mkdtemp(join(dir, 'abandoned-'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(abandoned, '.lock'), String(dead));
    const started = Date.now();
    await ensureDevelopmentPki(abandoned, [JUSTICE]);
    expect(Date.now() - started).toBeLessThan(60_000);
    await expect(stat(join(abandoned, '.lock'))).rejects.toThrow(/ENOENT/);
  });
});
