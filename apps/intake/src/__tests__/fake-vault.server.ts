import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateSigningKey, SigningIdentity } from '@app/messaging';
import type { AddressInfo } from 'node:net';
import type { StoredDocumentResponse } from '@app/contracts';

export interface ReceivedUpload {
  readonly documentId: string;
  readonly citizenRef: string;
  readonly documentTypeCode: string;
  /** Every multipart field the intake sent: the file and the type, never an agency or a dossier. */
  readonly fields: string[];
  readonly fileName: string;
  readonly sizeBytes: number;
}

/**
 * Just the two vault routes the intake calls, so the intake's own tests need no vault. It
 * reads the citizen from the forwarded token without verifying it (the real vault does).
 * The real cross-service flow, intake and vault together, is covered by the platform's
 * once-only tests.
 */
export class FakeVault {
  readonly uploads: ReceivedUpload[] = [];
  /** Makes every route answer 500, as a vault in trouble would. */
  failing = false;
  private readonly refs = new Map<string, string>();

  private constructor(
    readonly url: string,
    private readonly close: () => Promise<void>,
    /** The vault's signing key: what availability records must be signed with. */
    readonly signer: SigningIdentity,
    /** The payment service's key, as the vault's directory would publish it: what payment outcomes are signed with. */
    readonly paymentSigner: SigningIdentity,
  ) {}

  static async start(): Promise<FakeVault> {
    const signer = SigningIdentity.load(await generateSigningKey(`fake-vault-${randomUUID().slice(0, 8)}`));
    const paymentSigner = SigningIdentity.load(await generateSigningKey(`fake-payment-${randomUUID().slice(0, 8)}`));
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const vault = new FakeVault(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      () => new Promise<void>((resolve) => server.close(() => resolve())),
      signer,
      paymentSigner,
    );
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      vault.handle(request, response).catch((error: unknown) => reply(response, 500, { error: { code: 'INTERNAL_ERROR', message: String(error) } }));
    });
    return vault;
  }

  /** The vault's opaque reference for a citizen, as `POST /citizens/me` would create it. */
  citizenRefOf(personalId: string): string {
    let ref = this.refs.get(personalId);
    if (!ref) {
      ref = randomUUID();
      this.refs.set(personalId, ref);
    }
    return ref;
  }

  /** Uploads carry no dossier (provenance travels as the intake's signed DocumentProvided), so they are found by citizen. */
  uploadsBy(citizenRef: string): ReceivedUpload[] {
    return this.uploads.filter((upload) => upload.citizenRef === citizenRef);
  }

  stop(): Promise<void> {
    return this.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    // Public keys need no login, and stay reachable even while the vault's commands fail.
    if (request.method === 'GET' && request.url === '/directory/services/vault/jwks.json') return reply(response, 200, { keys: [this.signer.publicJwk()] });
    if (request.method === 'GET' && request.url === '/directory/services/payment/jwks.json') return reply(response, 200, { keys: [this.paymentSigner.publicJwk()] });
    if (this.failing) return reply(response, 500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' } });
    const agency = /^\/directory\/agencies\/([0-9A-Z.]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && agency) {
      const code = agency[1];
      return reply(response, 200, { code, governingBodyCode: `000.00.00.${code.split('.').at(-1)}`, nameVi: `Sở thử nghiệm ${code}`, nameEn: `Test department ${code}`, tier: 'province' });
    }
    const governingBody = /^\/directory\/governing-bodies\/([0-9A-Z.]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && governingBody) return reply(response, 200, { code: governingBody[1], kind: 'province', nameVi: `Ủy ban nhân dân tỉnh thử nghiệm ${governingBody[1]}`, nameEn: 'Test province', agencies: [] });
    const personalId = personalIdOf(request.headers.authorization);
    if (!personalId) return reply(response, 401, { error: { code: 'UNAUTHENTICATED', message: 'A citizen bearer token is required.' } });
    const citizenRef = this.citizenRefOf(personalId);

    if (request.method === 'POST' && request.url === '/citizens/me') return reply(response, 200, { citizenRef });
    if (request.method === 'POST' && request.url === '/documents') {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob)) return reply(response, 400, { error: { code: 'FILE_REQUIRED', message: 'A file is required.' } });
      const content = Buffer.from(await file.arrayBuffer());
      if (!content.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
        return reply(response, 415, { error: { code: 'UNSUPPORTED_FILE_TYPE', message: 'Only PDF, JPEG and PNG files are accepted.' } });
      }
      const upload: ReceivedUpload = {
        documentId: randomUUID(),
        citizenRef,
        documentTypeCode: text(form, 'documentTypeCode'),
        fields: [...new Set(form.keys())].sort(),
        fileName: (file).name,
        sizeBytes: content.length,
      };
      this.uploads.push(upload);
      const stored: StoredDocumentResponse = {
        documentId: upload.documentId,
        citizenRef,
        documentTypeCode: upload.documentTypeCode,
        mimeType: 'application/pdf',
        sizeBytes: upload.sizeBytes,
        sha256: '0'.repeat(64),
        providedToAgencyCode: null,
        dossierId: null,
        status: 'provided',
      };
      return reply(response, 201, stored);
    }
    reply(response, 404, { error: { code: 'NOT_FOUND', message: 'The fake vault has only POST /citizens/me, POST /documents and the vault JWKS.' } });
  }
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function personalIdOf(authorization: string | undefined): string | undefined {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1];
  if (!payload) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { pid?: unknown };
  return typeof claims.pid === 'string' ? claims.pid : undefined;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
