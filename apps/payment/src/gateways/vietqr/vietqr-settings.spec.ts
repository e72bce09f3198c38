import { vietQrSettings } from './vietqr-settings';

const ALL = { VIETQR_BANK_BIN: '970436', VIETQR_ACCOUNT_NUMBER: '0011001234567', VIETQR_ACCOUNT_NAME: 'UBND XA THU NGHIEM', VIETQR_CREDIT_SECRET_FILE: '/run/secrets/bank' };

describe(vietQrSettings.name, () => {
  const secret = (path: string) => (path === '/run/secrets/bank' ? 'bank-secret-0123456789\n' : 'short');

  it('is off, and says why, without any variable', () => {
    expect(vietQrSettings({}, secret)).toEqual({ off: 'VIETQR_BANK_BIN is not set' });
  });

  it('reads the account and the key when all four are given', () => {
    expect(vietQrSettings(ALL, secret)).toEqual({ bankBin: '970436', accountNumber: '0011001234567', accountName: 'UBND XA THU NGHIEM', creditSecret: 'bank-secret-0123456789' });
  });

  it('refuses a half configuration, naming what is missing, and a short key', () => {
    expect(() => vietQrSettings({ ...ALL, VIETQR_ACCOUNT_NUMBER: undefined, VIETQR_CREDIT_SECRET_FILE: undefined }, secret)).toThrow('VIETQR_ACCOUNT_NUMBER, VIETQR_CREDIT_SECRET_FILE must be set');
    expect(() => vietQrSettings({ ...ALL, VIETQR_CREDIT_SECRET_FILE: '/run/secrets/short' }, secret)).toThrow(/at least 16 characters/);
  });
});
