import { createTransport } from 'nodemailer';
import { startDevMailbox, type RunningDevMailbox } from './dev-mailbox.server';
import { startDevSms, type RunningDevSms } from './dev-sms.server';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('the development mailbox', () => {
  let mailbox: RunningDevMailbox;

  beforeAll(async () => {
    mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0 });
  });

  afterAll(() => mailbox.stop());
  beforeEach(() => mailbox.clear());

  const transport = (auth?: { user: string; pass: string }, port = mailbox.smtpPort) => createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...(auth ? { auth } : {}) });
  const send = (to: string, extra: Record<string, unknown> = {}) =>
    transport().sendMail({ from: '"Cổng dịch vụ công" <no-reply@dichvucong.localhost>', to: `"Nguyễn Văn An" <${to}>`, subject: 'Hồ sơ đã được tiếp nhận', text: 'Kính gửi ông/bà', html: '<p>Kính gửi ông/bà</p>', ...extra });

  it('receives real mail and shows it, Vietnamese names, attachment and all', async () => {
    await send('an@example.vn', { attachments: [{ filename: 'bien-nhan.pdf', content: PDF, contentType: 'application/pdf' }] });
    const [mail] = mailbox.messages({ to: 'an@example.vn' });
    expect(mail).toMatchObject({ subject: 'Hồ sơ đã được tiếp nhận', to: ['an@example.vn'], text: 'Kính gửi ông/bà', attachments: [{ filename: 'bien-nhan.pdf', contentType: 'application/pdf', size: PDF.length }] });
    expect(mail.from).toContain('Cổng dịch vụ công');
    const listed = (await (await fetch(`${mailbox.url}/api/messages?to=an@example.vn`)).json()) as { items: { id: string }[] };
    expect(listed.items.map((item) => item.id)).toEqual([mail.id]);
    expect((await fetch(`${mailbox.url}/api/messages/${mail.id}`)).status).toBe(200);
    expect(await (await fetch(`${mailbox.url}/messages/${mail.id}`)).text()).toContain('Kính gửi ông/bà');
    expect((await fetch(`${mailbox.url}/api/messages/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${mailbox.url}/api/messages`, { method: 'POST' })).status).toBe(405);
  });

  it('keeps one copy of a message sent twice under the same Message-ID', async () => {
    await send('binh@example.vn', { messageId: '<same@notification.localhost>' });
    await send('binh@example.vn', { messageId: '<same@notification.localhost>' });
    expect(mailbox.messages({ to: 'binh@example.vn' })).toHaveLength(1);
    expect(mailbox.duplicatesDropped).toBe(1);
  });

  it('refuses as told: 451, then 550, then accepts', async () => {
    mailbox.failNext({ count: 1, code: 451, message: 'Try again later' });
    mailbox.failNext({ count: 1, code: 550, message: 'Mailbox unavailable' });
    await expect(send('cuong@example.vn')).rejects.toMatchObject({ responseCode: 451 });
    await expect(send('cuong@example.vn')).rejects.toMatchObject({ responseCode: 550 });
    await send('cuong@example.vn');
    expect(mailbox.messages({ to: 'cuong@example.vn' })).toHaveLength(1);
  });

  it('refuses a recipient it does not know at RCPT', async () => {
    mailbox.rejectRecipient('nobody@example.vn');
    await expect(send('nobody@example.vn')).rejects.toMatchObject({ responseCode: 550, code: 'EENVELOPE' });
  });

  it('escapes what it shows', async () => {
    await send('dung@example.vn', { subject: '<script>alert(1)</script>' });
    const page = await (await fetch(mailbox.url)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('<html lang="vi">');
  });

  it('requires the credentials it was given', async () => {
    const guarded = await startDevMailbox({ smtpPort: 0, httpPort: 0, auth: { user: 'relay', pass: 'right-password' } });
    try {
      await expect(transport({ user: 'relay', pass: 'wrong' }, guarded.smtpPort).sendMail({ from: 'a@b.vn', to: 'c@d.vn', text: 'x' })).rejects.toMatchObject({ responseCode: 535 });
      await expect(transport(undefined, guarded.smtpPort).sendMail({ from: 'a@b.vn', to: 'c@d.vn', text: 'x' })).rejects.toMatchObject({ responseCode: 530 });
      await transport({ user: 'relay', pass: 'right-password' }, guarded.smtpPort).sendMail({ from: 'a@b.vn', to: 'c@d.vn', text: 'x' });
      expect(guarded.messages()).toHaveLength(1);
    } finally {
      await guarded.stop();
    }
  });
});

describe('the development SMS sandbox', () => {
  let sms: RunningDevSms;
  const KEY = 'sandbox-key';

  beforeAll(async () => {
    sms = await startDevSms({ port: 0, apiKey: KEY });
  });

  afterAll(() => sms.stop());

  const post = (body: unknown, key = KEY) =>
    fetch(`${sms.url}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('delivers once per reference', async () => {
    const first = (await (await post({ to: '0912345678', text: 'Ho so da duoc tiep nhan', reference: 'delivery-1' })).json()) as { id: string; duplicate: boolean };
    const again = (await (await post({ to: '0912345678', text: 'Ho so da duoc tiep nhan', reference: 'delivery-1' })).json()) as { id: string; duplicate: boolean };
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ id: first.id, status: 'delivered', duplicate: true });
    expect(sms.messages({ to: '0912345678' })).toHaveLength(1);
  });

  it.each([
    ['a wrong key', { to: '0912345678', text: 'x', reference: 'r' }, 'wrong', 401, 'UNAUTHENTICATED'],
    ['a landline', { to: '0243825123', text: 'x', reference: 'r' }, KEY, 400, 'INVALID_MESSAGE'],
    ['no text', { to: '0912345678', text: '', reference: 'r' }, KEY, 400, 'INVALID_MESSAGE'],
    ['no reference', { to: '0912345678', text: 'x' }, KEY, 400, 'INVALID_MESSAGE'],
    ['a body that is not JSON', '{"to":', KEY, 400, 'INVALID_JSON'],
  ])('refuses %s', async (_, body, key, status, code) => {
    const answer = await post(body, key);
    expect(answer.status).toBe(status);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('answers a fault it was told to, then delivers', async () => {
    sms.failNext({ count: 1, status: 503 });
    expect((await post({ to: '+84987654321', text: 'x', reference: 'delivery-2' })).status).toBe(503);
    expect((await post({ to: '+84987654321', text: 'x', reference: 'delivery-2' })).status).toBe(200);
  });
});
