import { signerOfSource } from './event-signer';

describe(signerOfSource.name, () => {
  it.each([
    ['/intake-000.00.12.h26', { kind: 'agency', code: '000.00.12.H26' }],
    ['/vault', { kind: 'service', name: 'vault' }],
    ['/payment', { kind: 'service', name: 'payment' }],
    ['/notification', { kind: 'service', name: 'notification' }],
    ['/intake-000.00.12.H26', undefined],
    ['/intake-test', undefined],
    ['/intake-', undefined],
    ['vault', undefined],
    ['/vault/x', undefined],
    ['/dev-issuer', undefined],
    ['', undefined],
  ])('%s is signed by %o', (source, signer) => {
    expect(signerOfSource(source)).toEqual(signer);
  });
});
