import { encode, relationGroups, valuesSent, type RequestPlan } from './request-plan';

const plan = (overrides: Partial<RequestPlan> = {}): RequestPlan => ({ method: 'GET', path: '/dossiers/{id}', pathParams: { id: 'a/b c' }, query: [], headers: {}, ...overrides });

describe('encode', () => {
  it('percent-encodes path parameters and the query, repeats included, and sends a raw path untouched', () => {
    expect(encode(plan({ query: [['limit', '1'], ['limit', '2'], ['q', 'ệ&=']] })).path).toBe('/dossiers/a%2Fb%20c?limit=1&limit=2&q=%E1%BB%87%26%3D');
    expect(encode(plan({ rawPath: '/dossiers/%zz/..' })).path).toBe('/dossiers/%zz/..');
  });

  it('writes JSON with its content type, and raw bytes with the one given or none', () => {
    expect(encode(plan({ body: { kind: 'json', value: { a: 1 } } }))).toMatchObject({ headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(encode(plan({ body: { kind: 'raw', bytes: '{' } })).headers).toEqual({});
    expect(encode(plan({ body: { kind: 'raw', contentType: 'text/plain', bytes: '{' } })).headers).toEqual({ 'content-type': 'text/plain' });
  });

  it('writes a multipart body whose boundary the content type names', () => {
    const raw = encode(plan({ method: 'POST', body: { kind: 'multipart', fields: { documentTypeCode: 'IDENTITY_CARD' }, files: [{ field: 'file', fileName: 'scan.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') }] } }));
    const boundary = /boundary=(\S+)/.exec(raw.headers['content-type'])![1];
    const text = raw.body!.toString();
    expect(text).toContain(`--${boundary}\r\ncontent-disposition: form-data; name="documentTypeCode"\r\n\r\nIDENTITY_CARD\r\n`);
    expect(text).toContain('filename="scan.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\r\n');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });
});

describe('relationGroups', () => {
  it('groups the relations whose requests are the same, and keeps apart those that differ', () => {
    const list = plan({ path: '/dossiers', pathParams: {} });
    expect(relationGroups(new Map([['own', list], ['another-citizen', list], ['another-agency', list]]))).toEqual([['own', 'another-citizen', 'another-agency']]);
    const mine = plan({ pathParams: { id: '1' } });
    const theirs = plan({ pathParams: { id: '2' } });
    expect(relationGroups(new Map([['own', mine], ['another-citizen', theirs], ['another-agency', mine]]))).toEqual([['own', 'another-agency'], ['another-citizen']]);
    // The same path with another body is another request.
    expect(relationGroups(new Map([['own', plan({ body: { kind: 'json', value: { a: 1 } } })], ['another-citizen', plan({ body: { kind: 'json', value: { a: 2 } } })]]))).toHaveLength(2);
  });
});

describe('valuesSent', () => {
  it('holds every value the caller put in, so an echo of it is not taken for a leak', () => {
    const sent = valuesSent(plan({ query: [['dossierId', 'd-1']], body: { kind: 'multipart', fields: { citizenRef: 'c-1' }, files: [] } }));
    for (const value of ['a/b c', 'd-1', 'c-1']) expect(sent).toContain(value);
  });
});
