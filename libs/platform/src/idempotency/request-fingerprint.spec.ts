import { principalFingerprint, requestFingerprint } from './request-fingerprint';

describe(requestFingerprint.name, () => {
  const base = { method: 'POST', url: '/dossiers', body: { procedureCode: 'A', note: 'x' } };

  it('ignores the order of fields', () => {
    expect(requestFingerprint(base)).toBe(requestFingerprint({ ...base, body: { note: 'x', procedureCode: 'A' } }));
  });

  it('tells apart another body, path, method or file', () => {
    const first = requestFingerprint(base);
    expect(requestFingerprint({ ...base, body: { procedureCode: 'B', note: 'x' } })).not.toBe(first);
    expect(requestFingerprint({ ...base, url: '/dossiers/1/submit' })).not.toBe(first);
    expect(requestFingerprint({ ...base, method: 'PUT' })).not.toBe(first);
    const withFile = requestFingerprint({ ...base, file: { buffer: Buffer.from('one'), originalname: 'a.pdf' } });
    expect(requestFingerprint({ ...base, file: { buffer: Buffer.from('two'), originalname: 'a.pdf' } })).not.toBe(withFile);
    expect(withFile).not.toBe(first);
  });
});

describe(principalFingerprint.name, () => {
  it('keeps roles and subjects apart', () => {
    expect(principalFingerprint('citizen', 'x')).not.toBe(principalFingerprint('officer', 'x'));
    expect(principalFingerprint('citizen', 'x')).not.toBe(principalFingerprint('citizen', 'y'));
  });
});
