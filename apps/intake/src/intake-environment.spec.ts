import { loadConfig } from '@app/platform';
import { governingBodyCodeOf, IntakeEnvironment, intakeGoverningBodyCode } from './intake-environment';
import { IntakeSettings } from './intake-settings';

const BASE = {
  HTTP_PORT: '0',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/intake',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_ISSUER: 'http://127.0.0.1:1',
  AUTH_JWKS_URL: 'http://127.0.0.1:1/.well-known/jwks.json',
  // Validated for presence here; parsed (and refused when unusable) when the service starts.
  SIGNING_KEY: 'a key',
  SIGNING_KEY_ID: 'test-key-1',
  AGENCY_CODE: '000.00.12.H26',
  VAULT_URL: 'http://127.0.0.1:3001',
};

describe(IntakeEnvironment.name, () => {
  it('derives the governing body from the last group of the agency code', () => {
    expect(governingBodyCodeOf('000.00.12.H26')).toBe('000.00.00.H26');
    expect(governingBodyCodeOf('000.01.01.H29')).toBe('000.00.00.H29');
    expect(governingBodyCodeOf('000.03.00.G10')).toBe('000.00.00.G10');
  });

  it('refuses to derive a body from something that is not an agency code', () => {
    expect(() => governingBodyCodeOf('H26')).toThrow(/not an electronic identifier code/);
  });

  it('uses the derived body unless GOVERNING_BODY_CODE is set', () => {
    expect(intakeGoverningBodyCode(loadConfig(IntakeEnvironment, BASE))).toBe('000.00.00.H26');
    expect(intakeGoverningBodyCode(loadConfig(IntakeEnvironment, { ...BASE, GOVERNING_BODY_CODE: '000.00.00.G04' }))).toBe('000.00.00.G04');
  });

  it('defaults MAX_UPLOAD_BYTES to 10 MiB and reads a given one as a number', () => {
    expect(loadConfig(IntakeEnvironment, BASE).MAX_UPLOAD_BYTES).toBe(10_485_760);
    expect(loadConfig(IntakeEnvironment, { ...BASE, MAX_UPLOAD_BYTES: '2048' }).MAX_UPLOAD_BYTES).toBe(2048);
  });

  it('names each bad variable', () => {
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, GOVERNING_BODY_CODE: 'Hanoi' })).toThrow(/GOVERNING_BODY_CODE must be an electronic identifier code/);
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, VAULT_URL: 'vault:3001' })).toThrow(/VAULT_URL must be an http\(s\) URL/);
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, VAULT_URL: undefined })).toThrow(/VAULT_URL/);
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, MAX_UPLOAD_BYTES: '0' })).toThrow(/MAX_UPLOAD_BYTES/);
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, AGENCY_CODE: '12.H26' })).toThrow(/AGENCY_CODE/);
  });

  it('hands the features resolved settings', () => {
    const settings = IntakeSettings.from(loadConfig(IntakeEnvironment, { ...BASE, AGENCY_CODE: '000.01.01.H17' }));
    expect(settings).toEqual(new IntakeSettings('000.01.01.H17', '000.00.00.H17', 'http://127.0.0.1:3001', 10_485_760, `http://localhost:${settings.publicUrl.split(':').at(-1)}`, 3_600_000, 5));
    expect(IntakeSettings.from(loadConfig(IntakeEnvironment, { ...BASE, PUBLIC_URL: 'https://dichvucong.hanoi.gov.vn/tu-phap/' })).publicUrl).toBe('https://dichvucong.hanoi.gov.vn/tu-phap');
  });

  it('asks for the second half of a signing identity', () => {
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, RESULT_SIGNING_P12_FILE: '/run/secrets/agency.p12' })).toThrow(/RESULT_SIGNING_P12_PASSWORD_FILE is required/);
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, RESULT_SIGNING_CERT_FILE: '/run/secrets/agency.pem' })).toThrow(/RESULT_SIGNING_KEY_FILE is required/);
    expect(() => loadConfig(IntakeEnvironment, { ...BASE, RESULT_TIMESTAMP_URL: 'tsa:3318' })).toThrow(/RESULT_TIMESTAMP_URL must be an http\(s\) URL/);
  });
});
