import { replayRecord, toDeadLetter } from '../dead-letters/dead-letter';
import { OMITTED_HEADER } from './dead-letter-headers';
import { deadLetterCandidates, recordHeaders } from './dead-letter-record';

const DLT = { 'dlt-reason': 'invalid-payload', 'dlt-original-topic': 'intake.document-verified.v1', 'dlt-original-partition': '2', 'dlt-original-offset': '41' };

describe(deadLetterCandidates.name, () => {
  const original = { key: Buffer.from('citizen'), value: Buffer.alloc(1_000, 'x'), headers: { ce_id: Buffer.from('e-1'), marker: ['a', Buffer.from('b')] } };

  it('tries the whole record first, then leaves out the value, the original headers and the key, saying so', () => {
    const [whole, noValue, noHeaders, nothing] = deadLetterCandidates(original, DLT);
    expect(whole).toEqual({ key: original.key, value: original.value, headers: { ...original.headers, ...DLT } });
    expect(noValue).toEqual({ key: original.key, value: null, headers: { ...original.headers, ...DLT, [OMITTED_HEADER]: 'a value of 1000 bytes' } });
    expect(noHeaders).toEqual({ key: original.key, value: null, headers: { ...DLT, [OMITTED_HEADER]: 'a value of 1000 bytes, 3 headers' } });
    expect(nothing).toEqual({ key: null, value: null, headers: { ...DLT, [OMITTED_HEADER]: 'a value of 1000 bytes, 3 headers, a key of 7 bytes' } });
  });

  it('lets the consumer overwrite a dlt-* header the original carried', () => {
    const [whole] = deadLetterCandidates({ key: null, value: null, headers: { 'dlt-reason': 'forged' } }, DLT);
    expect(whole.headers!['dlt-reason']).toBe('invalid-payload');
  });
});

describe(recordHeaders.name, () => {
  // What kafkajs 2.2.4 reads for headers named `constructor` and `__proto__`: the inherited member first.
  it('keeps only the bytes and text of headers named like Object.prototype members', () => {
    const decoded = Object.fromEntries([
      ['constructor', [Object, Buffer.from('c')]],
      ['__proto__', [Object.prototype, Buffer.from('p')]],
      ['toString', [String, Buffer.from('t'), Buffer.from('u')]],
      ['plain', 'text'],
    ]) as never;
    const headers = recordHeaders(decoded);
    expect(Object.keys(headers)).toEqual(['constructor', '__proto__', 'toString', 'plain']);
    expect(Object.entries(headers)).toEqual([
      ['constructor', Buffer.from('c')],
      ['__proto__', Buffer.from('p')],
      ['toString', [Buffer.from('t'), Buffer.from('u')]],
      ['plain', 'text'],
    ]);
  });
});

describe(replayRecord.name, () => {
  it('refuses a letter that left out part of the record, naming where the original is', () => {
    const letter = toDeadLetter('vault.dead-letter.v1', 0, { offset: '7', key: null, value: null, timestamp: '0', headers: { ...DLT, [OMITTED_HEADER]: 'a value of 1048000 bytes' } });
    expect(() => replayRecord(letter)).toThrow('dead letter vault.dead-letter.v1/0@7 was too large to carry the whole record (it leaves out a value of 1048000 bytes): the original is intake.document-verified.v1/2@41, on its topic until the retention removes it');
  });
});
