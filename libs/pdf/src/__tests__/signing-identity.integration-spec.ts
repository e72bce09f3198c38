import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevelopmentPki, type DevelopmentPki } from '@app/dev-pki';
import { loadSigningIdentity, SigningIdentityError } from '@app/pdf';

const JUSTICE = { code: '000.00.12.H26', nameVi: 'Sở Tư pháp thành phố Hà Nội' };

describe('loadSigningIdentity', () => {
  let dir: string;
  let pki: DevelopmentPki;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signing-identity-'));
    pki = await ensureDevelopmentPki(join(dir, 'pki'), [JUSTICE]);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the agency PKCS#12: certificate, chain, PKCS#8 key and the Vietnamese subject name', async () => {
    const files = pki.agency(JUSTICE.code);
    const identity = await loadSigningIdentity({ kind: 'pkcs12', file: files.p12File, password: (await readFile(files.p12PasswordFile, 'utf8')).trim() });
    expect(identity.subjectName).toBe(JUSTICE.nameVi);
    expect(identity.certificatePem).toBe(await readFile(files.certificateFile, 'utf8'));
    expect(identity.chainPem).toEqual([pki.caCertificatePem]);
    expect(identity.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('refuses a wrong PKCS#12 password, a file that is no PKCS#12, a non-certificate and a key of someone else, each with a clear error', async () => {
    const files = pki.agency(JUSTICE.code);
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'Đây không phải là chứng thư số.\n');

    const wrongPassword = loadSigningIdentity({ kind: 'pkcs12', file: files.p12File, password: 'not-the-password' });
    await expect(wrongPassword).rejects.toThrow(SigningIdentityError);
    await expect(loadSigningIdentity({ kind: 'pkcs12', file: files.p12File, password: 'not-the-password' })).rejects.toThrow(`cannot open ${files.p12File}: wrong password or a damaged PKCS#12 file`);
    await expect(loadSigningIdentity({ kind: 'pkcs12', file: notes, password: 'x' })).rejects.toThrow(`${notes} is not a PKCS#12 file`);
    await expect(loadSigningIdentity({ kind: 'pkcs12', file: join(dir, 'missing.p12'), password: 'x' })).rejects.toThrow(/cannot read .*missing\.p12: ENOENT/);
    await expect(loadSigningIdentity({ kind: 'pem', certificateFile: notes, privateKeyFile: files.privateKeyFile })).rejects.toThrow(`${notes} holds no X.509 certificate in PEM`);
    await expect(loadSigningIdentity({ kind: 'pem', certificateFile: files.certificateFile, privateKeyFile: notes })).rejects.toThrow(`${notes} holds no readable unencrypted private key in PEM`);
    await expect(loadSigningIdentity({ kind: 'pem', certificateFile: files.certificateFile, privateKeyFile: pki.tsa.privateKeyFile })).rejects.toThrow(/no certificate matches the private key/);
  });
});
