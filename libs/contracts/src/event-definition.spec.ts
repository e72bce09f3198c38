import { DocumentVerified, DocumentAvailability, MAX_TIMESTAMP_LENGTH, availabilityTopic } from './index';
import { InvalidEventPayloadError, validateEventPayload } from './event-definition';

const verified = {
  documentId: '5b0a3c9e-1d7a-4f55-9f5e-0c1d2e3f4a5b',
  citizenRef: '8e3f2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  agencyCode: '000.00.12.H26',
  dossierId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
  officer: 'officer-7',
  verifiedAt: '2026-11-29T08:00:00.000Z',
};

describe(validateEventPayload.name, () => {
  it('returns an instance of the contract class for a valid payload', () => {
    const event = validateEventPayload(DocumentVerified, verified);
    expect(event).toMatchObject(verified);
    expect(DocumentVerified.key(event)).toBe(verified.citizenRef);
  });

  it('rejects unknown properties rather than silently dropping them', () => {
    expect(() => validateEventPayload(DocumentVerified, { ...verified, personalId: '001099012345' })).toThrow(/personalId/);
  });

  it('names each invalid field', () => {
    const error = (() => {
      try {
        validateEventPayload(DocumentVerified, { ...verified, agencyCode: 'H26', verifiedAt: 'yesterday' });
      } catch (caught) {
        return caught as InvalidEventPayloadError;
      }
      throw new Error('expected a validation error');
    })();
    expect(error).toBeInstanceOf(InvalidEventPayloadError);
    expect(error.problems.join(' ')).toMatch(/agencyCode/);
    expect(error.problems.join(' ')).toMatch(/verifiedAt/);
  });

  // Found by the Kafka fuzzer: class-transformer dropped `__proto__` silently, so the event was
  // accepted while its payload text, which the vault keeps as evidence, carried a personalId.
  it.each([
    ['a __proto__ key', `{"__proto__":{"personalId":"001099012345"},${JSON.stringify({ ...verified, officer: 'x'.repeat(500) }).slice(1)}`, 'property __proto__ should not exist'],
    ['a constructor key', JSON.stringify({ ...verified, constructor: { prototype: {} } }), 'property constructor should not exist'],
    ['a nested prototype key', JSON.stringify({ ...verified, extra: { prototype: 1 } }), 'property extra.prototype should not exist'],
    ['a NUL in a field', JSON.stringify({ ...verified, officer: 'officer\u0000' }), 'officer contains a NUL character'],
    ['nesting 33 deep', `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`, 'the payload is nested more than 32 levels deep'],
  ])('refuses %s before class-transformer sees it', (_case, text, problem) => {
    expect(() => validateEventPayload(DocumentVerified, JSON.parse(text))).toThrow(new InvalidEventPayloadError(DocumentVerified.type, [problem]));
  });

  // Found by the Kafka fuzzer: ISO 8601 allows any number of fraction digits and Date parses them,
  // so a signed event with a megabyte in verifiedAt was valid, applied, and kept as evidence.
  it('bounds every timestamp, and still takes any ISO 8601 date or time a producer writes', () => {
    for (const at of ['2026-11-29', '2026-11-29T08:00:00Z', '2026-11-29T08:00:00.000Z', '2026-11-29T15:00:00.123456789+07:00']) {
      expect(validateEventPayload(DocumentVerified, { ...verified, verifiedAt: at, validUntil: at }).verifiedAt).toBe(at);
    }
    const huge = `2026-11-29T08:00:00.${'0'.repeat(1_000_000)}Z`;
    expect(Number.isNaN(new Date(huge).getTime())).toBe(false);
    expect(() => validateEventPayload(DocumentVerified, { ...verified, verifiedAt: huge })).toThrow(`verifiedAt: verifiedAt must be an ISO 8601 date or date-time of at most ${MAX_TIMESTAMP_LENGTH} characters`);
    expect(() => validateEventPayload(DocumentVerified, { ...verified, validUntil: `2031-06-30T00:00:00.${'0'.repeat(MAX_TIMESTAMP_LENGTH)}` })).toThrow(/validUntil/);
    expect(() => validateEventPayload(DocumentVerified, { ...verified, verifiedAt: '2026-02-30' })).toThrow(/verifiedAt/);
  });

  it('rejects what is not a JSON object', () => {
    for (const raw of [null, 42, 'text', [verified]]) expect(() => validateEventPayload(DocumentVerified, raw)).toThrow(/JSON object/);
  });

  const availability = {
    documentId: verified.documentId,
    citizenRef: verified.citizenRef,
    documentTypeCode: 'BIRTH_CERTIFICATE',
    governingBodyCode: '000.00.00.H26',
    verifiedByAgencyCode: '000.00.12.H26',
    verifiedByAgencyName: 'Sở Tư pháp thành phố Hà Nội',
    verifiedAt: verified.verifiedAt,
    scope: 'governing-body',
    status: 'available',
    version: 1,
  };

  it('requires a reason on a withdrawal only', () => {
    expect(() => validateEventPayload(DocumentAvailability, availability)).not.toThrow();
    expect(() => validateEventPayload(DocumentAvailability, { ...availability, status: 'withdrawn' })).toThrow(/withdrawnReason/);
    expect(DocumentAvailability.topic(validateEventPayload(DocumentAvailability, availability))).toBe(availabilityTopic('000.00.00.H26'));
    expect(availabilityTopic('000.00.00.H26')).toBe('vault.document-availability.000-00-00-h26.v1');
  });

  it.each([undefined, 0, -1, 1.5, '2'])('refuses an availability record whose version is %s: versions are whole numbers from 1', (version) => {
    expect(() => validateEventPayload(DocumentAvailability, { ...availability, version })).toThrow(/version/);
  });
});
