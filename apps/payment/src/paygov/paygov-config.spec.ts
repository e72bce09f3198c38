import { payGovConfig, PayGovConfigError } from './paygov-config';

const full = {
  PAYGOV_URL: 'https://paygov.example.gov.vn/api/',
  PAYGOV_MERCHANT_CODE: 'UBND-BD',
  PAYGOV_SECRET_FILE: '/run/secrets/paygov',
  PAYGOV_CALLBACK_URL: 'https://payment.example.gov.vn/paygov/callback',
  PAYGOV_RETURN_URL: 'https://dichvucong.example.gov.vn/thanh-toan/ket-qua',
};

describe(payGovConfig.name, () => {
  it('is off, saying why, when PAYGOV_URL is not set', () => {
    expect(payGovConfig({})).toEqual({ enabled: false, reason: 'PAYGOV_URL is not set' });
    expect(payGovConfig({ PAYGOV_URL: '  ', PAYGOV_MERCHANT_CODE: 'X' })).toEqual({ enabled: false, reason: 'PAYGOV_URL is not set' });
  });

  it('is on with every variable, the base URL without its trailing slash', () => {
    expect(payGovConfig(full)).toEqual({
      enabled: true,
      url: 'https://paygov.example.gov.vn/api',
      merchantCode: 'UBND-BD',
      secretFile: '/run/secrets/paygov',
      callbackUrl: 'https://payment.example.gov.vn/paygov/callback',
      returnUrl: 'https://dichvucong.example.gov.vn/thanh-toan/ket-qua',
    });
  });

  it.each([
    ['PAYGOV_MERCHANT_CODE', { PAYGOV_MERCHANT_CODE: undefined }],
    ['PAYGOV_MERCHANT_CODE', { PAYGOV_MERCHANT_CODE: 'UBND BA ĐÌNH' }],
    ['PAYGOV_SECRET_FILE', { PAYGOV_SECRET_FILE: '' }],
    ['PAYGOV_SECRET_FILE', { PAYGOV_SECRET_FILE: 'secrets/paygov' }],
    ['PAYGOV_CALLBACK_URL', { PAYGOV_CALLBACK_URL: undefined }],
    ['PAYGOV_CALLBACK_URL', { PAYGOV_CALLBACK_URL: 'http://payment.example.gov.vn/paygov/callback' }],
    ['PAYGOV_RETURN_URL', { PAYGOV_RETURN_URL: 'not a url' }],
    ['PAYGOV_URL', { PAYGOV_URL: 'http://paygov.example.gov.vn' }],
  ])('refuses a half or wrong configuration, naming %s', (variable, overrides) => {
    expect(() => payGovConfig({ ...full, ...overrides })).toThrow(expect.objectContaining({ constructor: PayGovConfigError, variable, message: expect.stringContaining(variable) }));
  });
});
