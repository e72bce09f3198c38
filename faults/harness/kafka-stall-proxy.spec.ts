import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { clientIdOf, KafkaStallProxy } from './kafka-stall-proxy';

/** A Kafka request header v1: size, api key, version, correlation id, client id. */
function request(clientId: string): Buffer {
  const id = Buffer.from(clientId);
  const frame = Buffer.alloc(4 + 2 + 2 + 4 + 2 + id.length);
  frame.writeInt32BE(frame.length - 4, 0);
  frame.writeInt16BE(3, 4);
  frame.writeInt16BE(12, 6);
  frame.writeInt32BE(1, 8);
  frame.writeInt16BE(id.length, 12);
  id.copy(frame, 14);
  return frame;
}

describe('clientIdOf', () => {
  it('reads the client id of a request header', () => {
    expect(clientIdOf(request('intake-000.00.12.h26'))).toBe('intake-000.00.12.h26');
  });

  it('gives nothing for a frame too short to hold it', () => {
    expect(clientIdOf(request('vault').subarray(0, 15))).toBeUndefined();
    expect(clientIdOf(Buffer.alloc(3))).toBeUndefined();
  });
});

describe('KafkaStallProxy', () => {
  let echo: Server;
  let proxy: KafkaStallProxy;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await KafkaStallProxy.start(0, (echo.address() as AddressInfo).port);
  });

  afterEach(async () => {
    sockets.forEach((socket) => socket.destroy());
    await proxy.stop();
    await new Promise((resolve) => echo.close(resolve));
  });

  async function client(clientId: string): Promise<{ send(): void; received(): number }> {
    const socket = connect(proxy.port, '127.0.0.1');
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const frame = request(clientId);
    socket.write(frame);
    await vi.waitFor(() => expect(bytes).toBe(frame.length));
    return { send: () => socket.write(frame), received: () => bytes };
  }

  it("stalls only the named client's connections, loses nothing, and lets it all through on resume", async () => {
    const vault = await client('vault');
    const intake = await client('intake-000.00.12.h26');
    const frameLength = request('vault').length;
    expect(proxy.stall('vault')).toBe(1);
    vault.send();
    intake.send();
    await vi.waitFor(() => expect(intake.received()).toBe(2 * request('intake-000.00.12.h26').length));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(vault.received()).toBe(frameLength);
    proxy.resume();
    await vi.waitFor(() => expect(vault.received()).toBe(2 * frameLength));
  });

  it('port 0 is read back as the bound port', () => {
    expect(proxy.port).toBeGreaterThan(0);
  });
});
