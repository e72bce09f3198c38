import { fromKafkaHeaders, newCloudEvent, toKafkaHeaders } from './cloud-event';

describe('CloudEvents Kafka binding', () => {
  it('round-trips every attribute through binary-mode headers', () => {
    const event = newCloudEvent({ source: '/vault', type: 'vn.gov.test.v1', subject: 'doc-1' });
    const headers = Object.fromEntries(Object.entries(toKafkaHeaders(event)).map(([name, value]) => [name, Buffer.from(value)]));

    expect(fromKafkaHeaders(headers)).toEqual({ event });
    expect(headers['content-type']?.toString()).toBe('application/json');
  });

  it('creates W3C traceparents and keeps a given one', () => {
    expect(newCloudEvent({ source: '/a', type: 't' }).traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(newCloudEvent({ source: '/a', type: 't', traceparent }).traceparent).toBe(traceparent);
  });

  it('names the missing required attributes instead of guessing', () => {
    expect(fromKafkaHeaders({ ce_id: '1', ce_type: 't' })).toEqual({ missing: ['ce_source', 'ce_specversion', 'ce_time'] });
    const wrongVersion = { ...toKafkaHeaders(newCloudEvent({ source: '/a', type: 't' })), ce_specversion: '0.3' };
    expect(fromKafkaHeaders(wrongVersion)).toEqual({ missing: ['ce_specversion=1.0'] });
  });
});
