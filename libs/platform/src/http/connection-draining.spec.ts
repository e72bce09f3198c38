import express from 'express';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpAdapterHost } from '@nestjs/core';
import { ConnectionDraining } from './connection-draining';

/** A client that sends one request after another on one keep-alive connection until told to stop. */
function busyClient(port: number): { stop(): void; sent(): number } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let running = true;
  let count = 0;
  const next = () => {
    if (!running) return;
    const sent = request({ port, host: '127.0.0.1', path: '/', agent }, (response) => {
      response.resume();
      response.on('end', next);
    });
    sent.on('error', () => setTimeout(next, 5));
    sent.end();
    count += 1;
  };
  next();
  return { stop: () => ((running = false), agent.destroy()), sent: () => count };
}

describe('ConnectionDraining', () => {
  let server: Server;
  let draining: ConnectionDraining;

  beforeEach(async () => {
    const app = express();
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    draining = new ConnectionDraining({ httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost);
    app.use(draining.middleware);
    // Slow enough that the connection is almost always busy, as under steady traffic.
    app.get('/', (_request, response) => void setTimeout(() => response.send('ok'), 20));
  });

  const closed = () => new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 1_500);
    server.close(() => (clearTimeout(timer), resolve(true)));
  });

  it('lets the server close while a client keeps its keep-alive connection busy', async () => {
    const client = busyClient((server.address() as AddressInfo).port);
    await vi.waitFor(() => expect(client.sent()).toBeGreaterThan(5));
    draining.beforeApplicationShutdown();
    const result = await closed();
    client.stop();
    expect(result).toBe(true);
  });

  it('is needed: without it the busy connection holds the server open', async () => {
    const client = busyClient((server.address() as AddressInfo).port);
    await vi.waitFor(() => expect(client.sent()).toBeGreaterThan(5));
    const result = await closed();
    client.stop();
    server.closeAllConnections();
    expect(result).toBe(false);
  });
});
