import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey } from './signing-key.generator';
import { SigningIdentity } from './signing-identity';
import { EVERY_INTAKE, RemoteJwksKeyResolver } from './remote-jwks.resolver';

describe(RemoteJwksKeyResolver.name, () => {
  it('with EVERY_INTAKE, reads any agency’s keys and never asks for a service’s', async () => {
    const signer = SigningIdentity.load(await generateSigningKey('intake-000.00.12.h26-spec'));
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: request.url === '/directory/agencies/000.00.12.H26/jwks.json' ? [signer.publicJwk()] : [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const resolver = new RemoteJwksKeyResolver(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, EVERY_INTAKE);
      const key = { kid: signer.publicJwk().kid!, alg: signer.publicJwk().alg! };
      expect(await resolver.keyFor('/intake-000.00.12.h26', key)).toBeDefined();
      expect(await resolver.keyFor('/intake-000.00.15.h26', key)).toBeUndefined();
      expect(await resolver.keyFor('/vault', key)).toBeUndefined();
      // Not an agency's source: an upper-case spelling would let one agency be claimed twice.
      expect(await resolver.keyFor('/intake-000.00.12.H26', key)).toBeUndefined();
      expect(asked).toEqual(['/directory/agencies/000.00.12.H26/jwks.json', '/directory/agencies/000.00.15.H26/jwks.json']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
