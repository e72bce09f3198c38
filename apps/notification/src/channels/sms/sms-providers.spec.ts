import { startDevSms, type RunningDevSms } from '@app/dev-mailbox';
import { PermanentDeliveryError, TemporaryDeliveryError } from '../delivery-errors';
import { esmsOutcome, esmsRequest } from './esms.sms-provider';
import { foldDiacritics } from './fold-diacritics';
import { SandboxSmsProvider } from './sandbox.sms-provider';

describe(foldDiacritics.name, () => {
  it('takes the tone marks off Vietnamese', () => {
    expect(foldDiacritics('Hồ sơ đã được tiếp nhận. ĐĂNG KÝ')).toBe('Ho so da duoc tiep nhan. DANG KY');
  });
});

describe('eSMS requests and answers', () => {
  it('asks for one unaccented customer-care SMS, idempotent on our delivery id', () => {
    expect(esmsRequest({ apiKey: 'k', secretKey: 's', brandname: 'DICHVUCONG' }, { id: 'delivery-1', to: '0912345678', text: 'Hồ sơ đã được tiếp nhận' })).toEqual({
      ApiKey: 'k',
      SecretKey: 's',
      Brandname: 'DICHVUCONG',
      SmsType: '2',
      IsUnicode: '0',
      Phone: '0912345678',
      Content: 'Ho so da duoc tiep nhan',
      RequestId: 'delivery-1',
    });
  });

  it('reads 100 as sent and anything else as a failure to try again', () => {
    expect(esmsOutcome({ CodeResult: '100', SMSID: 'abc' })).toEqual({ status: 'sent', providerMessageId: 'abc' });
    expect(() => esmsOutcome({ CodeResult: '103', ErrorMessage: 'Balance not enough' })).toThrow(TemporaryDeliveryError);
    expect(() => esmsOutcome({})).toThrow(/ESMS_NO_CODE|no error message/);
  });
});

describe(SandboxSmsProvider.name, () => {
  let sandbox: RunningDevSms;

  beforeAll(async () => {
    sandbox = await startDevSms({ port: 0, apiKey: 'key' });
  });

  afterAll(() => sandbox.stop());

  it('delivers through the sandbox and classifies its refusals', async () => {
    const provider = new SandboxSmsProvider(sandbox.url, 'key');
    expect(await provider.send({ id: 'd-1', to: '0912345678', text: 'Ho so da duoc tiep nhan' })).toMatchObject({ status: 'delivered' });
    sandbox.failNext({ count: 1, status: 503 });
    await expect(provider.send({ id: 'd-2', to: '0912345678', text: 'x' })).rejects.toBeInstanceOf(TemporaryDeliveryError);
    sandbox.failNext({ count: 1, status: 422 });
    await expect(provider.send({ id: 'd-3', to: '0912345678', text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(new SandboxSmsProvider(sandbox.url, 'wrong').send({ id: 'd-4', to: '0912345678', text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(new SandboxSmsProvider('http://127.0.0.1:1', 'key').send({ id: 'd-5', to: '0912345678', text: 'x' })).rejects.toBeInstanceOf(TemporaryDeliveryError);
  });
});
