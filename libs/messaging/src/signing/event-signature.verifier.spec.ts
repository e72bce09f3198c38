import { newCloudEvent } from '@app/contracts';
import { verifyEventSignature } from './event-signature.verifier';
import { SigningIdentity } from './signing-identity';
import { generateSigningKey } from './signing-key.generator';
import { StaticKeyResolver } from './static-key.resolver';

describe(verifyEventSignature.name, () => {
  const payload = Buffer.from('{"documentId":"d","agencyCode":"000.00.12.H26"}');
  const event = newCloudEvent({ source: '/intake-000.00.12.h26', type: 'vn.gov.intake.document.verified.v1', subject: 'd' });

  it.each([
    ['a genuine signature', (s: string) => s, event, payload, true],
    ['no signature', () => undefined, event, payload, false],
    ['a signature that is not a detached JWS', () => 'garbage', event, payload, false],
    ['an altered payload', (s: string) => s, event, Buffer.from(payload.toString().replace('12', '15')), false],
    ['an altered source', (s: string) => s, { ...event, source: '/intake-000.00.15.h26' }, payload, false],
    ['an altered time', (s: string) => s, { ...event, time: new Date(0).toISOString() }, payload, false],
    ['an altered subject', (s: string) => s, { ...event, subject: 'e' }, payload, false],
    ['a changed traceparent (the relay replaces it)', (s: string) => s, { ...event, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, payload, true],
  ] as const)('%s: valid %s', async (_case, mangle, received, receivedPayload, valid) => {
    const key = await generateSigningKey('justice-1');
    const signature = await SigningIdentity.load(key).sign(event, payload);
    const resolver = new StaticKeyResolver({ [event.source]: [key.publicJwk] });
    const verdict = await verifyEventSignature(resolver, received, receivedPayload, mangle(signature));
    expect(verdict.valid).toBe(valid);
  });

  it.each([
    ['alg none', { alg: 'none', kid: 'justice-1' }, "the signature's algorithm must be one of EdDSA, ES256"],
    ['alg HS256', { alg: 'HS256', kid: 'justice-1' }, "the signature's algorithm must be one of EdDSA, ES256"],
    ['alg RS256', { alg: 'RS256', kid: 'justice-1' }, "the signature's algorithm must be one of EdDSA, ES256"],
    ['a kid holding a NUL', { alg: 'EdDSA', kid: 'justice-1\u0000' }, 'the signature names a key id no key can have'],
    ['a kid of 201 characters', { alg: 'EdDSA', kid: 'k'.repeat(201) }, 'the signature names a key id no key can have'],
  ])('refuses %s before asking the resolver (the fuzzer found each one crashing a resolver)', async (_case, header, reason) => {
    const resolver = { keyFor: vi.fn(() => Promise.reject(new Error('the resolver must not be asked'))) };
    const signature = `${Buffer.from(JSON.stringify({ ...header, b64: false, crit: ['b64'] })).toString('base64url')}..c2lnbmF0dXJl`;
    expect(await verifyEventSignature(resolver, event, payload, signature)).toEqual({ valid: false, reason });
    expect(resolver.keyFor).not.toHaveBeenCalled();
  });

  it('refuses a valid signature by a key registered for another source', async () => {
    const justice = await generateSigningKey('justice-1');
    const health = await generateSigningKey('health-1');
    const resolver = new StaticKeyResolver({ [event.source]: [justice.publicJwk], '/intake-000.00.15.h26': [health.publicJwk] });
    const signature = await SigningIdentity.load(health).sign(event, payload);
    expect(await verifyEventSignature(resolver, event, payload, signature)).toMatchObject({ valid: false });
  });

  it('refuses a key id reused by a stranger', async () => {
    const genuine = await generateSigningKey('justice-1');
    const stranger = await generateSigningKey('justice-1');
    const signature = await SigningIdentity.load(stranger).sign(event, payload);
    const verdict = await verifyEventSignature(new StaticKeyResolver({ [event.source]: [genuine.publicJwk] }), event, payload, signature);
    expect(verdict).toEqual({ valid: false, reason: 'the signature by key justice-1 does not match the event' });
  });
});

describe(SigningIdentity.name, () => {
  it.each([
    ['not a key', 'SIGNING_KEY is not a private key (expected a PKCS#8 PEM or a private JWK)'],
    ['{"kty":"oct","k":"c2VjcmV0"}', 'SIGNING_KEY is not a private key (expected a PKCS#8 PEM or a private JWK)'],
  ])('refuses %s with one line naming the variable', (privateKey, message) => {
    expect(() => SigningIdentity.load({ privateKey, keyId: 'k' })).toThrow(message);
  });

  it('loads a PKCS#8 PEM and the same key as a private JWK, and publishes only the public half', async () => {
    const key = await generateSigningKey('k-1');
    const identity = SigningIdentity.load(key);
    expect(identity.publicJwk()).toEqual(key.publicJwk);
    expect(identity.publicJwk()).not.toHaveProperty('d');
  });
});
