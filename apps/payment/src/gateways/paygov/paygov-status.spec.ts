import { payGovConfig } from '../../paygov/paygov-config';
import { payGovOff } from './paygov-status';

describe(payGovOff.name, () => {
  it('is off because PAYGOV_URL is not set, without configuration', () => {
    expect(payGovOff(payGovConfig({}))).toEqual({ name: 'paygov', reason: 'PAYGOV_URL is not set' });
  });

  it('stays off with a full configuration, saying that it awaits the operator’s specification', () => {
    const config = payGovConfig({
      PAYGOV_URL: 'https://paygov.example.gov.vn/api',
      PAYGOV_MERCHANT_CODE: 'UBND-HN',
      PAYGOV_SECRET_FILE: '/run/secrets/paygov',
      PAYGOV_CALLBACK_URL: 'https://dvc.example.gov.vn/gateways/paygov/callback',
      PAYGOV_RETURN_URL: 'https://dvc.example.gov.vn/paid',
    });
    expect(payGovOff(config).reason).toMatch(/awaits the operator's integration specification/);
  });
});
