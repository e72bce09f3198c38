import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import {
  deadLetterTopic,
  DocumentReused,
  DossierApologyIssued,
  GoverningBodyChanged,
  PaymentCompleted,
  PaymentRefunded,
  PaymentRequested,
} from '@app/contracts';
import { eventually, providedInfrastructure, TopicRecorder } from '@app/testing';
import { AgencyName } from '../agencies/agency-name.entity';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { DueSoonSweep } from '../dossiers/due-soon.sweep';
import { NotificationMessage } from '../messages/notification-message.entity';
import { NotificationTestBed } from './notification-test-bed';

/**
 * The notification service with everything real but the vault: events on Kafka, PostgreSQL,
 * mail through an SMTP server, SMS through the sandbox provider over HTTP.
 */
describe('notifications of a dossier, by email, SMS and the inbox', () => {
  let bed: NotificationTestBed;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    bed = await NotificationTestBed.start({ extra: { RATE_LIMIT_COUNT: '100' } });
    recorder = await TopicRecorder.start(new Kafka({ clientId: 'notification-dlq-test', brokers: providedInfrastructure().kafkaBrokers, logLevel: 0 }), [deadLetterTopic('notification')]);
    await bed.publish(GoverningBodyChanged, {
      code: '000.00.00.H26',
      kind: 'province',
      nameVi: 'Ủy ban nhân dân thành phố Hà Nội',
      nameEn: 'Ha Noi People’s Committee',
      dataSharingConnected: true,
      dataSharingEffectiveFrom: new Date().toISOString(),
      agencies: [{ code: bed.agencyCode, nameVi: 'Ủy ban nhân dân phường Ba Đình', nameEn: 'Ba Dinh Ward People’s Committee' }],
    });
    // The directory is another topic: its names must be in before the dossiers' events that print them.
    await eventually(async () => expect(await bed.dataSource.manager.countBy(AgencyName, { agencyCode: bed.agencyCode })).toBe(1));
  });

  afterAll(async () => {
    await recorder?.stop();
    await bed?.stop();
  });

  const dispatcher = () => bed.service.app.get(DeliveryDispatcher);
  const messagesOf = (recipientRef: string) => bed.dataSource.manager.find(NotificationMessage, { where: { recipientRef }, order: { createdAt: 'ASC' } });
  /** Waits until the consumer has stored `count` messages for the recipient, then sends what is due. */
  async function settle(recipientRef: string, count: number): Promise<NotificationMessage[]> {
    await eventually(async () => expect((await messagesOf(recipientRef)).length).toBe(count));
    await dispatcher().dispatch();
    return messagesOf(recipientRef);
  }
  async function subscribe(token: string, preferences: Record<string, unknown>): Promise<void> {
    const answer = await bed.call('PUT', '/me/preferences', token, { language: 'vi', email: null, phone: null, emailEnabled: false, smsEnabled: false, inAppEnabled: true, accessAlerts: true, ...preferences });
    expect(answer.status).toBe(200);
  }
  const uniqueEmail = (name: string) => `${name}.${randomUUID().slice(0, 8)}@example.vn`;
  const uniquePhone = () => `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  /** Every step of one dossier's story; returns the dossier code. */
  async function tellTheWholeStory(citizenRef: string): Promise<{ dossierId: string; dossierCode: string }> {
    const dossierId = randomUUID();
    const dossierCode = `${bed.agencyCode}-261202-${String(Math.floor(Math.random() * 9000) + 1000)}`;
    await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode, appointmentDate: '2026-12-09', returnChannel: 'online' });
    await bed.move(dossierId, citizenRef, 'received', 'supplement_requested', { dossierCode, reason: 'Thiếu <b>bản sao giấy khai sinh</b>' });
    await bed.publish(PaymentRequested, { dossierId, agencyCode: bed.agencyCode, procedureCode: 'TEST-CRIMINAL-RECORD', citizenRef, feeCode: 'LE-PHI', amountVnd: 150_000, channel: 'online', requestedAt: new Date().toISOString() });
    const orderId = randomUUID();
    await bed.publish(PaymentCompleted, { orderId, dossierId, agencyCode: bed.agencyCode, feeCode: 'LE-PHI', amountVnd: 150_000, channel: 'online', paidAt: new Date().toISOString() });
    await bed.publish(PaymentRefunded, { orderId, dossierId, agencyCode: bed.agencyCode, feeCode: 'LE-PHI', amountVnd: 150_000, totalRefundedVnd: 150_000, refundedAt: new Date().toISOString() });
    await bed.publish(DossierApologyIssued, { dossierId, agencyCode: bed.agencyCode, citizenRef, dossierCode, previousAppointmentDate: '2026-12-09', newAppointmentDate: '2026-12-16', issuedAt: new Date().toISOString() });
    await bed.publish(DocumentReused, { documentId: randomUUID(), citizenRef, agencyCode: bed.agencyCode, dossierId, reusedAt: new Date().toISOString() });
    await bed.move(dossierId, citizenRef, 'approved', 'result_issued', { dossierCode, returnChannel: 'online' });
    await bed.move(dossierId, citizenRef, 'result_issued', 'result_delivered', { dossierCode, serviceLevel: 4 });
    return { dossierId, dossierCode };
  }
  const STORY_TEMPLATES = ['dossier-received', 'supplement-requested', 'payment-requested-online', 'payment-completed', 'payment-refunded', 'dossier-overdue', 'document-access-alert', 'result-ready', 'result-delivered', 'rating-invitation'];

  it.each([
    { language: 'vi', date: '09/12/2026', newDate: '16/12/2026', amount: '150.000 đồng', agency: 'Ủy ban nhân dân phường Ba Đình' },
    { language: 'en', date: '9 December 2026', newDate: '16 December 2026', amount: 'VND 150,000', agency: 'Ba Dinh Ward People’s Committee' },
  ])('tells a citizen who reads $language every step, on each of their channels, once', async ({ language, date, newDate, amount, agency }) => {
    const { token, citizenRef } = await bed.citizen();
    const email = uniqueEmail('nguyen.van.an');
    const phone = uniquePhone();
    await subscribe(token, { language, email, phone, emailEnabled: true, smsEnabled: true });
    const { dossierId, dossierCode } = await tellTheWholeStory(citizenRef);
    const messages = await settle(citizenRef, STORY_TEMPLATES.length * 3);

    expect(messages.filter((message) => message.channel === 'email').map((message) => message.templateKey).sort()).toEqual([...STORY_TEMPLATES].sort());
    expect(new Set(messages.map((message) => message.status))).toEqual(new Set(['delivered', 'sent']));
    expect(messages.every((message) => message.language === language)).toBe(true);

    const mails = bed.mailbox.messages({ to: email });
    expect(mails).toHaveLength(STORY_TEMPLATES.length);
    const messageIdOf = (key: string) => `<${messages.find((message) => message.templateKey === key && message.channel === 'email')!.deliveryId}@notification.dichvucong.localhost>`;
    const templateOf = (mail: { messageId: string | null }) => STORY_TEMPLATES.find((key) => messageIdOf(key) === mail.messageId)!;
    // An access alert may be handled before the reception (reuse happens while a dossier is a draft): it may name the dossier by its short reference.
    const labelled = (key: string) => key !== 'document-access-alert';
    for (const mail of mails) {
      expect(mail.headers['content-language']).toBe(language);
      if (labelled(templateOf(mail))) expect(mail.text).toContain(dossierCode);
      expect(mail.html).toContain(`lang="${language}"`);
      expect(`${mail.subject}${mail.text}`).not.toMatch(/undefined|null|\{\{|NaN/);
    }
    const mailOf = (key: string) => mails.find((mail) => mail.messageId === messageIdOf(key))!;
    expect(mailOf('dossier-received').text).toContain(date);
    expect(mailOf('dossier-received').text).toContain(agency);
    // The officer's words are shown as written, and escaped in HTML.
    expect(mailOf('supplement-requested').text).toContain('Thiếu <b>bản sao giấy khai sinh</b>');
    expect(mailOf('supplement-requested').html).toContain('&lt;b&gt;bản sao giấy khai sinh&lt;/b&gt;');
    expect(mailOf('payment-requested-online').text).toContain(amount);
    expect(mailOf('payment-requested-online').text).toContain(`https://dichvucong.example.vn/dossiers/${dossierId}/payment`);
    expect(mailOf('payment-refunded').text).toContain(amount);
    expect(mailOf('dossier-overdue').text).toContain(newDate);
    expect(mailOf('rating-invitation').text).toContain(`https://dichvucong.example.vn/dossiers/${dossierId}/rating`);
    expect(mailOf('document-access-alert').text).toContain('https://dichvucong.example.vn/settings/notifications');

    const texts = bed.sms.messages({ to: phone });
    expect(texts).toHaveLength(STORY_TEMPLATES.length);
    expect(texts.every((sms) => sms.text.length <= 160)).toBe(true);
    expect(texts.filter((sms) => sms.text.includes(dossierCode)).length).toBeGreaterThanOrEqual(STORY_TEMPLATES.filter(labelled).length);

    const inbox = await bed.call('GET', '/me/messages?limit=4', token);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toHaveLength(4);
    const rest = await bed.call('GET', `/me/messages?limit=50&cursor=${inbox.body.nextCursor}`, token);
    expect(rest.body.items).toHaveLength(STORY_TEMPLATES.length - 4);
    expect(rest.body.nextCursor).toBeNull();
    expect(new Set([...inbox.body.items, ...rest.body.items].map((item: { id: string }) => item.id)).size).toBe(STORY_TEMPLATES.length);
  });

  it('keeps each citizen’s inbox theirs: unread counts, marking read, and 404 for anyone else', async () => {
    const owner = await bed.citizen();
    const stranger = await bed.citizen();
    const dossierId = randomUUID();
    await bed.move(dossierId, owner.citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0001`, appointmentDate: '2026-12-09' });
    await bed.move(dossierId, owner.citizenRef, 'received', 'refused', { reason: 'Hồ sơ không thuộc thẩm quyền' });
    await settle(owner.citizenRef, 2);

    expect((await bed.call('GET', '/me/messages/unread-count', owner.token)).body).toEqual({ unread: 2 });
    const [latest] = (await bed.call('GET', '/me/messages', owner.token)).body.items as { id: string; templateKey: string; readAt: string | null }[];
    expect(latest.templateKey).toBe('dossier-refused');
    expect((await bed.call('POST', `/me/messages/${latest.id}/read`, stranger.token)).status).toBe(404);
    const read = await bed.call('POST', `/me/messages/${latest.id}/read`, owner.token);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    // Reading again changes nothing.
    expect((await bed.call('POST', `/me/messages/${latest.id}/read`, owner.token)).body.readAt).toBe(read.body.readAt);
    expect((await bed.call('GET', '/me/messages/unread-count', owner.token)).body).toEqual({ unread: 1 });
    expect((await bed.call('GET', '/me/messages?unread=true', owner.token)).body.items).toHaveLength(1);
    expect((await bed.call('POST', '/me/messages/read-all', owner.token)).body).toEqual({ marked: 1 });
    expect((await bed.call('GET', '/me/messages', stranger.token)).body.items).toEqual([]);
  });

  it('follows preferences: an access alert switched off tells nothing, email off leaves the inbox', async () => {
    const { token, citizenRef } = await bed.citizen();
    const email = uniqueEmail('tran.thi.binh');
    await subscribe(token, { email, emailEnabled: true, accessAlerts: false });
    const dossierId = randomUUID();
    await bed.publish(DocumentReused, { documentId: randomUUID(), citizenRef, agencyCode: bed.agencyCode, dossierId, reusedAt: new Date().toISOString() });
    await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0002`, appointmentDate: '2026-12-09' });
    const messages = await settle(citizenRef, 2);
    // The reception was told on both channels; the alert, published first, on none.
    expect(messages.map((message) => `${message.templateKey}/${message.channel}`).sort()).toEqual(['dossier-received/email', 'dossier-received/in_app']);
    expect(bed.mailbox.messages({ to: email })).toHaveLength(1);

    await subscribe(token, { email, emailEnabled: false, accessAlerts: true });
    await bed.publish(DocumentReused, { documentId: randomUUID(), citizenRef, agencyCode: bed.agencyCode, dossierId, reusedAt: new Date().toISOString() });
    const after = await settle(citizenRef, 3);
    expect(after.at(-1)).toMatchObject({ templateKey: 'document-access-alert', channel: 'in_app', status: 'delivered' });
    expect(bed.mailbox.messages({ to: email })).toHaveLength(1);
    expect((await bed.call('GET', '/me/preferences', token)).body).toMatchObject({ language: 'vi', email, emailEnabled: false, accessAlerts: true });
  });

  it('alerts once for the documents one dossier reused at one moment, and again for a later reuse', async () => {
    const { citizenRef } = await bed.citizen();
    const dossierId = randomUUID();
    const [opened, later] = [new Date(Date.now() - 60_000).toISOString(), new Date().toISOString()];
    for (const reusedAt of [opened, opened, later]) {
      await bed.publish(DocumentReused, { documentId: randomUUID(), citizenRef, agencyCode: bed.agencyCode, dossierId, reusedAt });
    }
    // One partition (the citizen's key) and in order: the later alert is there only after both earlier events were handled.
    const alerts = await settle(citizenRef, 2);
    expect(alerts.map((message) => message.triggerKey).sort()).toEqual([`access-alert:${dossierId}:${opened}`, `access-alert:${dossierId}:${later}`]);
  });

  it('tells a citizen it has never heard of in the inbox only, and an agency without an address once one is set', async () => {
    const { citizenRef } = await bed.citizen();
    const dossierId = randomUUID();
    await bed.move(dossierId, citizenRef, 'draft', 'submitted', {});
    await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0003`, appointmentDate: '2026-12-09' });
    const toCitizen = await settle(citizenRef, 1);
    expect(toCitizen[0]).toMatchObject({ channel: 'in_app', status: 'delivered', language: 'vi' });

    // The desk had no address: the message is kept, failed, where operators look.
    const [toDesk] = await messagesOf(bed.agencyCode);
    expect(toDesk).toMatchObject({ templateKey: 'officer-new-dossier', status: 'failed_permanently' });
    expect(toDesk.lastError).toMatch(/^NO_AGENCY_ADDRESS/);
    const failed = await bed.call('GET', '/operator/messages?status=failed_permanently&limit=200', await bed.admin());
    expect(failed.body.items.map((item: { id: string }) => item.id)).toContain(toDesk.id);
    expect(JSON.stringify(failed.body)).not.toMatch(/@/);

    expect((await bed.call('POST', `/operator/messages/${toDesk.id}/retry`, await bed.admin())).body.error.code).toBe('AGENCY_ADDRESS_MISSING');
    const deskAddress = uniqueEmail('mot-cua');
    expect((await bed.call('PUT', `/agencies/${bed.agencyCode}/contact`, await bed.admin(), { email: deskAddress, language: 'vi' })).status).toBe(200);
    expect((await bed.call('GET', `/agencies/${bed.agencyCode}/contact`, await bed.officer())).body).toEqual({ email: deskAddress, language: 'vi' });
    expect((await bed.call('POST', `/operator/messages/${toDesk.id}/retry`, await bed.admin())).body.status).toBe('queued');
    await dispatcher().dispatch();
    const [mail] = bed.mailbox.messages({ to: deskAddress });
    expect(mail.text).toContain('TEST-CRIMINAL-RECORD');
    expect(mail.text).toContain(dossierId.slice(0, 8).toUpperCase());
    expect((await messagesOf(bed.agencyCode))[0].status).toBe('sent');
  });

  it('retries a relay’s 4xx, records its 5xx as permanent, and sends once an operator retries', async () => {
    const { token, citizenRef } = await bed.citizen();
    const email = uniqueEmail('le.van.cuong');
    await subscribe(token, { email, emailEnabled: true, inAppEnabled: false });
    bed.mailbox.failNext({ count: 1, code: 451, message: 'Try again later', stage: 'DATA' });
    await bed.move(randomUUID(), citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0004`, appointmentDate: '2026-12-09' });
    const [first] = await settle(citizenRef, 1);
    expect(first).toMatchObject({ status: 'failed_temporarily' });
    expect(first.lastError).toMatch(/^SMTP_451/);

    bed.mailbox.failNext({ count: 1, code: 550, message: 'Mailbox unavailable', stage: 'DATA' });
    await dispatcher().dispatch(new Date(Date.now() + 60_000));
    const [second] = await messagesOf(citizenRef);
    expect(second.status).toBe('failed_permanently');
    expect(second.lastError).toMatch(/^SMTP_550/);
    // A later cycle leaves a permanent failure alone.
    await dispatcher().dispatch(new Date(Date.now() + 3_600_000));
    expect(bed.mailbox.messages({ to: email })).toHaveLength(0);

    expect((await bed.call('POST', `/operator/messages/${second.id}/retry`, await bed.admin())).status).toBe(200);
    await dispatcher().dispatch();
    expect((await messagesOf(citizenRef))[0].status).toBe('sent');
    expect(bed.mailbox.messages({ to: email })).toHaveLength(1);
    expect((await bed.call('POST', `/operator/messages/${second.id}/retry`, await bed.admin())).body.error.code).toBe('MESSAGE_NOT_FAILED');
  });

  it('records a recipient the relay does not know as a permanent failure, without the address', async () => {
    const { token, citizenRef } = await bed.citizen();
    const email = uniqueEmail('khong.ton.tai');
    bed.mailbox.rejectRecipient(email, 550, `No such user <${email}>`);
    await subscribe(token, { email, emailEnabled: true, inAppEnabled: false });
    await bed.move(randomUUID(), citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0005`, appointmentDate: '2026-12-09' });
    const [message] = await settle(citizenRef, 1);
    expect(message.status).toBe('failed_permanently');
    expect(message.lastError).toMatch(/^SMTP_550/);
    expect(message.lastError).not.toContain(email);
  });

  it('makes one message per channel of an event delivered twice', async () => {
    const { token, citizenRef } = await bed.citizen();
    const email = uniqueEmail('pham.thi.dung');
    await subscribe(token, { email, emailEnabled: true });
    const dossierId = randomUUID();
    const eventId = await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0006`, appointmentDate: '2026-12-09' });
    await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0006`, appointmentDate: '2026-12-09' }, eventId);
    await bed.move(dossierId, citizenRef, 'received', 'result_delivered', { serviceLevel: 2 });
    // The delivery after the copy is in: the copy has been handled by then.
    const messages = await settle(citizenRef, 4);
    expect(messages.filter((message) => message.templateKey === 'dossier-received')).toHaveLength(2);
    // A level 2 service is not rated.
    expect(messages.some((message) => message.templateKey === 'rating-invitation')).toBe(false);
    expect(bed.mailbox.messages({ to: email })).toHaveLength(2);
  });

  it('dead-letters an event whose template cannot be filled, and sends nothing half-filled', async () => {
    const { token, citizenRef } = await bed.citizen();
    const email = uniqueEmail('hoang.van.em');
    await subscribe(token, { email, emailEnabled: true });
    const dossierId = randomUUID();
    // A reception without its appointment date: dossier-received has nothing to print for it.
    await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0007` });
    await eventually(() => expect(recorder.on(deadLetterTopic('notification')).filter((message) => message.key === dossierId)).toHaveLength(1));
    const [dead] = recorder.on(deadLetterTopic('notification')).filter((message) => message.key === dossierId);
    expect(JSON.stringify(dead.headers)).toContain('appointmentDate');
    await dispatcher().dispatch();
    expect(await messagesOf(citizenRef)).toEqual([]);
    expect(bed.mailbox.messages({ to: email })).toHaveLength(0);
  });

  it('warns the desk once of a dossier due tomorrow, and again only for a new date', async () => {
    const deskAddress = uniqueEmail('han-xu-ly');
    expect((await bed.call('PUT', `/agencies/${bed.agencyCode}/contact`, await bed.admin(), { email: deskAddress, language: 'en' })).status).toBe(200);
    const { citizenRef } = await bed.citizen();
    const dossierId = randomUUID();
    const dossierCode = `${bed.agencyCode}-261202-0008`;
    const tomorrow = new Date(Date.now() + 31 * 3_600_000).toISOString().slice(0, 10);
    await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode, appointmentDate: tomorrow });
    await eventually(async () => expect(await messagesOf(citizenRef)).toHaveLength(1));
    const sweep = bed.service.app.get(DueSoonSweep);
    expect(await sweep.sweep()).toBeGreaterThanOrEqual(1);
    expect(await sweep.sweep()).toBe(0);
    await dispatcher().dispatch();
    const warnings = bed.mailbox.messages({ to: deskAddress }).filter((mail) => mail.text.includes(dossierCode));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].headers['content-language']).toBe('en');

    const later = new Date(Date.now() + 55 * 3_600_000).toISOString().slice(0, 10);
    await bed.publish(DossierApologyIssued, { dossierId, agencyCode: bed.agencyCode, citizenRef, dossierCode, previousAppointmentDate: tomorrow, newAppointmentDate: later, issuedAt: new Date().toISOString() });
    await eventually(async () => expect(await messagesOf(citizenRef)).toHaveLength(2));
    expect(await sweep.sweep(new Date(Date.now() + 30 * 3_600_000))).toBeGreaterThanOrEqual(1);
  });
});
