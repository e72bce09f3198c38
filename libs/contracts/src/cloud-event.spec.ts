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
    expect(fromKafkaHeaders({ ce_id: '1', ce_type: 't' })).toEqual({ invalid: ['ce_source missing', 'ce_specversion missing', 'ce_time missing'] });
    const wrongVersion = { ...toKafkaHeaders(newCloudEvent({ source: '/a', type: 't' })), ce_specversion: '0.3' };
    expect(fromKafkaHeaders(wrongVersion)).toEqual({ invalid: ['ce_specversion is not 1.0'] });
    expect(fromKafkaHeaders({ ...toKafkaHeaders(newCloudEvent({ source: '/a', type: 't' })), ce_id: '' })).toEqual({ invalid: ['ce_id missing'] });
  });

  // Found by the Kafka fuzzer: a NUL in ce_id made the inbox lookup fail in PostgreSQL on every
  // redelivery, and an id too long for the inbox's index failed its insert, so the partition never moved on.
  it.each([
    ['a NUL', Buffer.from('id\u0000'), 'ce_id holds a control character or a noncharacter'],
    ['a C1 control', 'id\u0085', 'ce_id holds a control character or a noncharacter'],
    ['a noncharacter', 'id\uFFFE', 'ce_id holds a control character or a noncharacter'],
    ['bytes that are not UTF-8', Buffer.from([0x69, 0xc3, 0x28]), 'ce_id is not UTF-8'],
    ['257 characters', 'i'.repeat(257), 'ce_id is longer than 256 characters'],
  ])('refuses an attribute holding %s', (_case, id, problem) => {
    const headers = { ...toKafkaHeaders(newCloudEvent({ source: '/a', type: 't' })), ce_id: id };
    expect(fromKafkaHeaders(headers)).toEqual({ invalid: [problem] });
  });

  it('accepts 256 characters and any printable text, and reads only the first of repeated headers', () => {
    const event = newCloudEvent({ source: '/a', type: 't', subject: 'Giấy khai sinh 🇻🇳' });
    const headers = { ...toKafkaHeaders(event), ce_id: ['i'.repeat(256), 'second'] };
    expect(fromKafkaHeaders(headers)).toEqual({ event: { ...event, id: 'i'.repeat(256) } });
  });

  it('keeps an empty subject, and replaces a traceparent that is not one', () => {
    const event = newCloudEvent({ source: '/a', type: 't' });
    const read = fromKafkaHeaders({ ...toKafkaHeaders(event), ce_subject: '', traceparent: Buffer.from([0xff, 0x00]) });
    expect(read).toMatchObject({ event: { subject: '' } });
    expect('event' in read && read.event.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
