import { randomUUID } from 'node:crypto';
import { NotificationTestBed } from './notification-test-bed';

const PREFERENCES = { language: 'vi', email: 'an@example.vn', phone: '0912345678', emailEnabled: true, smsEnabled: true, inAppEnabled: true, accessAlerts: true };

/** Every route of the notification service, called by the wrong people and with bad input: a 4xx with a stable code, never a 5xx. */
describe('notification HTTP routes refuse what they must', () => {
  let bed: NotificationTestBed;

  beforeAll(async () => {
    bed = await NotificationTestBed.start();
  });

  afterAll(async () => {
    await bed?.stop();
  });

  const ROUTES: [string, string, unknown?][] = [
    ['GET', '/me/preferences'],
    ['PUT', '/me/preferences', PREFERENCES],
    ['GET', '/me/messages'],
    ['GET', '/me/messages/unread-count'],
    ['POST', `/me/messages/${randomUUID()}/read`],
    ['POST', '/me/messages/read-all'],
    ['GET', '/agencies/000.00.12.H26/contact'],
    ['PUT', '/agencies/000.00.12.H26/contact', { email: 'desk@example.vn', language: 'vi' }],
    ['GET', '/operator/messages'],
    ['POST', `/operator/messages/${randomUUID()}/retry`],
  ];

  it.each(ROUTES)('%s %s needs a bearer token', async (method, path, body) => {
    const answer = await bed.call(method, path, undefined, body);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('keeps citizens’ routes to citizens and operators’ to administrators', async () => {
    const officer = await bed.officer();
    const { token: citizen } = await bed.citizen();
    for (const [method, path, body] of ROUTES.filter(([, path]) => path.startsWith('/me/'))) {
      expect(await bed.call(method, path, officer, body)).toMatchObject({ status: 403, body: { error: { code: 'ROLE_NOT_ALLOWED' } } });
    }
    for (const [method, path, body] of ROUTES.filter(([, path]) => path.startsWith('/operator/'))) {
      expect(await bed.call(method, path, citizen, body)).toMatchObject({ status: 403, body: { error: { code: 'ROLE_NOT_ALLOWED' } } });
      expect((await bed.call(method, path, officer, body)).status).toBe(403);
    }
    expect((await bed.call('PUT', `/agencies/${bed.agencyCode}/contact`, officer, { email: 'desk@example.vn', language: 'vi' })).status).toBe(403);
    expect((await bed.call('GET', `/agencies/${bed.agencyCode}/contact`, citizen)).status).toBe(403);
    // Another agency's officer learns nothing of this one's address.
    expect((await bed.call('PUT', `/agencies/${bed.agencyCode}/contact`, await bed.admin(), { email: 'desk@example.vn', language: 'vi' })).status).toBe(200);
    expect((await bed.call('GET', `/agencies/${bed.agencyCode}/contact`, await bed.officer('000.00.15.H26'))).body.error.code).toBe('AGENCY_CONTACT_NOT_FOUND');
  });

  it.each([
    ['no language', { ...PREFERENCES, language: undefined }, 'VALIDATION_FAILED'],
    ['a language it does not speak', { ...PREFERENCES, language: 'fr' }, 'VALIDATION_FAILED'],
    ['an email that is not one', { ...PREFERENCES, email: 'an at example' }, 'VALIDATION_FAILED'],
    ['a landline', { ...PREFERENCES, phone: '0243825 1234' }, 'VALIDATION_FAILED'],
    ['a foreign number', { ...PREFERENCES, phone: '+14155550100' }, 'VALIDATION_FAILED'],
    ['a channel that is not a yes or no', { ...PREFERENCES, smsEnabled: 'yes' }, 'VALIDATION_FAILED'],
    ['an unknown field', { ...PREFERENCES, pushEnabled: true }, 'VALIDATION_FAILED'],
    ['email on without an address', { ...PREFERENCES, email: null }, 'EMAIL_ADDRESS_REQUIRED'],
    ['SMS on without a number', { ...PREFERENCES, phone: null }, 'PHONE_NUMBER_REQUIRED'],
  ])('refuses preferences with %s', async (_, body, code) => {
    const answer = await bed.call('PUT', '/me/preferences', (await bed.citizen()).token, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
  });

  it('refuses a body that is not JSON, and keeps what was there', async () => {
    const { token } = await bed.citizen();
    expect((await bed.call('PUT', '/me/preferences', token, PREFERENCES)).status).toBe(200);
    const answer = await fetch(`${bed.url}/me/preferences`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"language":' });
    expect(answer.status).toBe(400);
    expect((await bed.call('GET', '/me/preferences', token)).body).toMatchObject({ email: 'an@example.vn', smsEnabled: true });
  });

  it.each([
    ['/me/messages?limit=0', 'VALIDATION_FAILED'],
    ['/me/messages?limit=1000', 'VALIDATION_FAILED'],
    ['/me/messages?unread=maybe', 'VALIDATION_FAILED'],
    ['/me/messages?cursor=not-a-cursor', 'INVALID_CURSOR'],
  ])('refuses GET %s', async (path, code) => {
    const answer = await bed.call('GET', path, (await bed.citizen()).token);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
  });

  it('refuses ids that are not ids, and answers 404 for ids of nothing', async () => {
    const { token } = await bed.citizen();
    expect((await bed.call('POST', '/me/messages/42/read', token)).body.error.code).toBe('INVALID_ID');
    expect((await bed.call('POST', `/me/messages/${randomUUID()}/read`, token)).body.error.code).toBe('MESSAGE_NOT_FOUND');
    expect((await bed.call('POST', '/operator/messages/42/retry', await bed.admin())).body.error.code).toBe('INVALID_ID');
    expect((await bed.call('POST', `/operator/messages/${randomUUID()}/retry`, await bed.admin())).body.error.code).toBe('MESSAGE_NOT_FOUND');
    expect((await bed.call('GET', '/operator/messages?status=lost', await bed.admin())).body.error.code).toBe('VALIDATION_FAILED');
    expect((await bed.call('GET', '/agencies/not-an-agency/contact', await bed.admin())).body.error.code).toBe('INVALID_ID');
    expect((await bed.call('PUT', `/agencies/${bed.agencyCode}/contact`, await bed.admin(), { email: 'desk', language: 'vi' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await bed.call('GET', '/agencies/000.00.99.Z99/contact', await bed.admin())).body.error.code).toBe('AGENCY_CONTACT_NOT_FOUND');
  });
});
