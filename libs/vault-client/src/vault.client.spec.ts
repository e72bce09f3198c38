import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '@app/platform';
import { VaultClient, type DocumentUpload } from './vault.client';

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

/** A loopback HTTP server standing in for the vault, answering as each test tells it to. */
async function vaultAnswering(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const upload: DocumentUpload = {
  content: Buffer.from('%PDF-1.7 test'),
  fileName: 'id.pdf',
  mimeType: 'application/pdf',
  documentTypeCode: 'IDENTITY_CARD',
};

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe(VaultClient.name, () => {
  it('forwards the bearer token and returns the citizen reference, keeping the base path', async () => {
    const citizenRef = randomUUID();
    const seen: { path?: string; authorization?: string } = {};
    const vault = await vaultAnswering((request, _body, response) => {
      seen.path = `${request.method} ${request.url}`;
      seen.authorization = request.headers.authorization;
      json(response, 200, { citizenRef });
    });
    try {
      expect(await new VaultClient(vault.url).citizenRef('Bearer abc')).toBe(citizenRef);
      expect(seen).toEqual({ path: 'POST /api/citizens/me', authorization: 'Bearer abc' });
    } finally {
      await vault.close();
    }
  });

  it('asks the vault once per token for the citizen reference, and again for another token', async () => {
    const asked: string[] = [];
    const vault = await vaultAnswering((request, _body, response) => {
      asked.push(request.headers.authorization ?? '');
      json(response, 200, { citizenRef: randomUUID() });
    });
    try {
      const client = new VaultClient(vault.url);
      const first = await client.citizenRef('Bearer abc');
      expect(await client.citizenRef('Bearer abc')).toBe(first);
      expect(await client.citizenRef('Bearer def')).not.toBe(first);
      expect(asked).toEqual(['Bearer abc', 'Bearer def']);
    } finally {
      await vault.close();
    }
  });

  it('sends the document as multipart form data with its file and its type, and no agency or dossier', async () => {
    const documentId = randomUUID();
    let form: FormData | undefined;
    const vault = await vaultAnswering((request, body, response) => {
      void new Response(new Uint8Array(body), { headers: { 'content-type': request.headers['content-type']! } })
        .formData()
        .then((parsed) => {
          form = parsed;
          json(response, 201, { documentId, status: 'provided' });
        });
    });
    try {
      const stored = await new VaultClient(vault.url).storeDocument('Bearer abc', upload);
      expect(stored.documentId).toBe(documentId);
      const file = form!.get('file') as File;
      expect(file.name).toBe('id.pdf');
      expect(file.type).toBe('application/pdf');
      expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('%PDF-1.7 test');
      expect(form!.get('documentTypeCode')).toBe('IDENTITY_CARD');
      // Provenance travels as this desk's signed DocumentProvided, never in the citizen's upload.
      expect([...new Set(form!.keys())].sort()).toEqual(['documentTypeCode', 'file']);
    } finally {
      await vault.close();
    }
  });

  it("relays the vault's refusal with its status and code", async () => {
    const vault = await vaultAnswering((_request, _body, response) =>
      json(response, 415, { error: { code: 'UNSUPPORTED_FILE_TYPE', message: 'Only PDF, JPEG and PNG files are accepted.' } }),
    );
    try {
      const error = await refusal(new VaultClient(vault.url).storeDocument('Bearer abc', upload));
      expect({ status: error.status, code: error.code, message: error.message }).toEqual({
        status: 415,
        code: 'UNSUPPORTED_FILE_TYPE',
        message: 'Only PDF, JPEG and PNG files are accepted.',
      });
    } finally {
      await vault.close();
    }
  });

  it.each([
    ['a 500', (response: ServerResponse) => json(response, 500, { error: { code: 'INTERNAL_ERROR', message: 'oops' } })],
    ['a 4xx without an error body', (response: ServerResponse) => response.writeHead(404).end('<html>not found</html>')],
    ['a 2xx without a citizenRef', (response: ServerResponse) => json(response, 200, { hello: 'world' })],
  ])('answers 503 VAULT_UNAVAILABLE for %s', async (_case, answer) => {
    const vault = await vaultAnswering((_request, _body, response) => answer(response));
    try {
      const error = await refusal(new VaultClient(vault.url).citizenRef('Bearer abc'));
      expect([error.status, error.code]).toEqual([503, 'VAULT_UNAVAILABLE']);
    } finally {
      await vault.close();
    }
  });

  it('answers 503 VAULT_UNAVAILABLE when the vault does not answer in time', async () => {
    const vault = await vaultAnswering(() => undefined);
    try {
      const error = await refusal(new VaultClient(vault.url, 200).citizenRef('Bearer abc'));
      expect([error.status, error.code]).toEqual([503, 'VAULT_UNAVAILABLE']);
    } finally {
      await vault.close();
    }
  });

  it('answers 503 VAULT_UNAVAILABLE when nothing listens', async () => {
    const vault = await vaultAnswering(() => undefined);
    await vault.close();
    const error = await refusal(new VaultClient(vault.url).citizenRef('Bearer abc'));
    expect([error.status, error.code]).toEqual([503, 'VAULT_UNAVAILABLE']);
  });
});
