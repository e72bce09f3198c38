import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

interface Link {
  readonly client: Socket;
  readonly broker: Socket;
  clientId?: string;
}

/**
 * A TCP proxy on loopback in front of the broker, which every client reaches because the broker
 * advertises the proxy's port. It reads the Kafka `client_id` from each connection's first
 * request (size int32, api key int16, version int16, correlation id int32, client id as an
 * int16-length string), so it can stall one service's connections: both directions stop being
 * read, the sockets stay open, and nothing is lost. That is a network partition of one service,
 * made with the project's own means and no root rights.
 */
export class KafkaStallProxy {
  private readonly links = new Set<Link>();
  private stalled: string | undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** On `port` (0: any free one), forwarding to the broker's own port. */
  static async start(port: number, brokerPort: number): Promise<KafkaStallProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    const proxy = new KafkaStallProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.accept(client, brokerPort));
    return proxy;
  }

  /** Stops the traffic of every connection (present and future) whose client id is `clientId`. */
  stall(clientId: string): number {
    this.stalled = clientId;
    let count = 0;
    for (const link of this.links) {
      if (link.clientId === clientId) {
        pause(link);
        count += 1;
      }
    }
    return count;
  }

  resume(): void {
    this.stalled = undefined;
    for (const link of this.links) {
      link.client.resume();
      link.broker.resume();
    }
  }

  async stop(): Promise<void> {
    for (const link of this.links) {
      link.client.destroy();
      link.broker.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, brokerPort: number): void {
    const broker = connect(brokerPort, '127.0.0.1');
    const link: Link = { client, broker };
    this.links.add(link);
    const close = () => {
      this.links.delete(link);
      client.destroy();
      broker.destroy();
    };
    client.once('data', (first: Buffer) => {
      link.clientId = clientIdOf(first);
      if (link.clientId !== undefined && link.clientId === this.stalled) pause(link);
    });
    client.pipe(broker);
    broker.pipe(client);
    client.on('error', close).on('close', close);
    broker.on('error', close).on('close', close);
  }
}

function pause(link: Link): void {
  link.client.pause();
  link.broker.pause();
}

/** The client id of a Kafka request header v1+ at the start of `frame`, if it is all there. */
export function clientIdOf(frame: Buffer): string | undefined {
  const lengthAt = 4 + 2 + 2 + 4;
  if (frame.length < lengthAt + 2) return undefined;
  const length = frame.readInt16BE(lengthAt);
  if (length < 0 || frame.length < lengthAt + 2 + length) return undefined;
  return frame.toString('utf8', lengthAt + 2, lengthAt + 2 + length);
}
