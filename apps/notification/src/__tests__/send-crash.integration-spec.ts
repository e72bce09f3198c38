import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { eventually, freePort, ServiceProcess } from '@app/testing';
import { notificationEnv, NotificationTestBed } from './notification-test-bed';

/**
 * The deployable in a child process, killed with SIGKILL the moment the SMTP server has the
 * whole message and before the service could record that it went: after a restart the same
 * delivery goes again, under the same Message-ID, and the mailbox keeps one copy.
 */
describe('notification service killed between sending and recording', () => {
  let bed: NotificationTestBed;
  let env: Record<string, string>;
  let service: ServiceProcess | undefined;
  let database: Pool;

  beforeAll(async () => {
    bed = await NotificationTestBed.start({ serve: false });
    env = await notificationEnv(bed, { HTTP_PORT: String(await freePort()), DISPATCH_INTERVAL_MS: '200', SEND_LEASE_MS: '2000', LOG_LEVEL: 'info' });
    const migrate = ServiceProcess.start('notification', env, ['migrate']);
    expect(await migrate.exited).toBe(0);
    database = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  });

  afterAll(async () => {
    await service?.kill('SIGTERM');
    await database?.end();
    await bed?.stop();
  });

  async function start(): Promise<ServiceProcess> {
    const started = ServiceProcess.start('notification', env);
    await started.waitFor(/ready on/);
    service = started;
    return started;
  }

  it('sends the message again after the restart, and the citizen has one', async () => {
    await start();
    const url = `http://127.0.0.1:${env.HTTP_PORT}`;
    const { token, citizenRef } = await bed.citizen();
    const email = `crash.${randomUUID().slice(0, 8)}@example.vn`;
    const put = await fetch(`${url}/me/preferences`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'vi', email, phone: null, emailEnabled: true, smsEnabled: false, inAppEnabled: false, accessAlerts: true }),
    });
    expect(put.status).toBe(200);

    let killed: Promise<number | null> | undefined;
    bed.mailbox.onMessage((mail) => {
      if (!killed && mail.to.includes(email)) killed = service!.kill('SIGKILL');
    });
    await bed.move(randomUUID(), citizenRef, 'submitted', 'received', { dossierCode: `${bed.agencyCode}-261202-0099`, appointmentDate: '2026-12-09' });
    await eventually(() => expect(killed).toBeDefined(), 60_000);
    expect(await killed).toBeNull();
    service = undefined;
    const status = async () => (await database.query<{ status: string; attempts: number }>('SELECT status, attempts FROM notification_delivery WHERE recipient_ref = $1', [citizenRef])).rows;
    // Killed before the record: the delivery is still queued, its first attempt counted.
    expect(await status()).toEqual([{ status: 'queued', attempts: 1 }]);

    bed.mailbox.onMessage(undefined);
    await start();
    await eventually(async () => expect(await status()).toEqual([{ status: 'sent', attempts: 2 }]), 60_000);
    expect(bed.mailbox.messages({ to: email })).toHaveLength(1);
    expect(bed.mailbox.duplicatesDropped).toBe(1);
  });
});
