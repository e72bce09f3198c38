import { randomUUID } from 'node:crypto';
import { eventually } from '@app/testing';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { NotificationMessage } from '../messages/notification-message.entity';
import { NotificationTestBed } from './notification-test-bed';

const WINDOW_MS = 600_000;

describe('a burst of notifications to one citizen', () => {
  let bed: NotificationTestBed;

  beforeAll(async () => {
    bed = await NotificationTestBed.start({ extra: { RATE_LIMIT_COUNT: '2', RATE_LIMIT_WINDOW_MS: String(WINDOW_MS) } });
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('is coalesced into one digest within the rate limit, and what comes after waits for the window', async () => {
    const { token, citizenRef } = await bed.citizen();
    const email = `burst.${randomUUID().slice(0, 8)}@example.vn`;
    expect((await bed.call('PUT', '/me/preferences', token, { language: 'vi', email, phone: null, emailEnabled: true, smsEnabled: false, inAppEnabled: false, accessAlerts: true })).status).toBe(200);
    const dossiers = Array.from({ length: 5 }, () => randomUUID());
    for (const [index, dossierId] of dossiers.entries()) {
      await bed.move(dossierId, citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-${1000 + index}`, appointmentDate: '2026-12-09' });
    }
    const messagesOf = () => bed.dataSource.manager.find(NotificationMessage, { where: { recipientRef: citizenRef }, order: { createdAt: 'ASC' } });
    await eventually(async () => expect(await messagesOf()).toHaveLength(5));
    const dispatcher = bed.service.app.get(DeliveryDispatcher);
    await dispatcher.dispatch();

    // Two sends allowed: the first on its own, the other four as one digest listing them all.
    const mails = bed.mailbox.messages({ to: email });
    expect(mails).toHaveLength(2);
    const codes = dossiers.map((_, index) => `${bed.agencyCode}-261202-${1000 + index}`);
    const named = mails.map((mail) => codes.filter((code) => mail.text.includes(code)).length).sort();
    // Every dossier told once: one on its own, four in the digest (the consumer may see them in any order).
    expect(named).toEqual([1, 4]);
    const messages = await messagesOf();
    expect(messages.every((message) => message.status === 'sent')).toBe(true);
    expect(new Set(messages.map((message) => message.deliveryId)).size).toBe(2);

    // The window is used up: the next one is postponed, not dropped.
    await bed.move(randomUUID(), citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-2000`, appointmentDate: '2026-12-09' });
    await eventually(async () => expect(await messagesOf()).toHaveLength(6));
    await dispatcher.dispatch();
    const waiting = (await messagesOf()).at(-1)!;
    expect(waiting.status).toBe('queued');
    expect(waiting.notBefore.getTime()).toBeGreaterThan(Date.now() + WINDOW_MS / 2);
    expect(bed.mailbox.messages({ to: email })).toHaveLength(2);
    await dispatcher.dispatch(new Date(Date.now() + WINDOW_MS + 1_000));
    expect((await messagesOf()).at(-1)!.status).toBe('sent');
    expect(bed.mailbox.messages({ to: email })).toHaveLength(3);
  });
});
