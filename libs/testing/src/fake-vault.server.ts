import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SigningIdentity } from '@app/messaging';

const TEST_CITY = '000.00.00.H26';

/**
 * The vault routes the payment and notification services call: producers' public keys (intakes'
 * and services'), `POST /citizens/me` and the directory's agencies and governing bodies (for receipts).
 * It reads the citizen from the forwarded token without verifying it (the real vault does).
 * An agency no test registered has an empty key set, so old requests on the shared topic,
 * signed by other runs' intakes, are refused as unverifiable.
 */
export class FakeVault {
  /** Makes `POST /citizens/me` answer 500, as a vault in trouble would. */
  failing = false;
  private readonly refs = new Map<string, string>();
  private readonly agencyKeys = new Map<string, SigningIdentity>();
  private readonly serviceKeys = new Map<string, SigningIdentity>();

  private constructor(
    readonly url: string,
    private readonly close: () => Promise<void>,
  ) {}

  static async start(): Promise<FakeVault> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const vault = new FakeVault(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => new Promise<void>((resolve) => server.close(() => resolve())));
    server.on('request', (request: IncomingMessage, response: ServerResponse) => vault.handle(request, response));
    return vault;
  }

  /** Publishes `signer` as agency `code`'s intake key. */
  registerAgency(code: string, signer: SigningIdentity): void {
    this.agencyKeys.set(code, signer);
  }

  /** Publishes `signer` as service `name`'s key (`payment`, `vault`). */
  registerService(name: string, signer: SigningIdentity): void {
    this.serviceKeys.set(name, signer);
  }

  citizenRefOf(personalId: string): string {
    let ref = this.refs.get(personalId);
    if (!ref) {
      ref = randomUUID();
      this.refs.set(personalId, ref);
    }
    return ref;
  }

  stop(): Promise<void> {
    return this.close();
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const jwks = /^\/directory\/(agencies|services)\/([0-9A-Za-z.-]+)\/jwks\.json$/.exec(request.url ?? '');
    if (request.method === 'GET' && jwks) {
      const signer = (jwks[1] === 'agencies' ? this.agencyKeys : this.serviceKeys).get(jwks[2]);
      return reply(response, 200, { keys: signer ? [signer.publicJwk()] : [] });
    }
    const directory = /^\/directory\/(agencies|governing-bodies)\/([0-9A-Z.]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && directory) {
      if (!request.headers.authorization) return reply(response, 401, { error: { code: 'UNAUTHENTICATED', message: 'A bearer token is required.' } });
      const [, kind, code] = directory;
      // Every agency answers to one city, so a receipt has a superior and a place to print.
      return reply(response, 200, kind === 'agencies' ? { code, nameVi: `Ủy ban nhân dân phường Thử Nghiệm ${code}`, nameEn: 'Test ward', governingBodyCode: TEST_CITY } : { code, nameVi: 'Ủy ban nhân dân thành phố Hà Nội', nameEn: 'Ha Noi' });
    }
    if (request.method === 'POST' && request.url === '/citizens/me') {
      if (this.failing) return reply(response, 500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' } });
      const personalId = personalIdOf(request.headers.authorization);
      if (!personalId) return reply(response, 403, { error: { code: 'ROLE_NOT_ALLOWED', message: 'Only citizens have a citizen reference.' } });
      return reply(response, 200, { citizenRef: this.citizenRefOf(personalId) });
    }
    reply(response, 404, { error: { code: 'NOT_FOUND', message: 'The fake vault has only POST /citizens/me, the directory and the agencies’ JWKS.' } });
  }
}

function personalIdOf(authorization: string | undefined): string | undefined {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1];
  if (!payload) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { pid?: unknown };
  return typeof claims.pid === 'string' ? claims.pid : undefined;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
