import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runOpenLoad } from './open-load';

/** A real HTTP server on loopback whose behaviour each test chooses. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const get = (index: number) => ({ method: 'GET', path: `/item/${index}` });

describe('the open-model load generator', () => {
  it('sends every request of the step and counts the answers', async () => {
    const { url, server } = await serve((_request, response) => response.end('ok'));
    try {
      const result = await runOpenLoad({ target: url, ratePerSecond: 200, durationMs: 1_000, request: get });
      expect(result.sent).toBe(200);
      expect(result.succeeded).toBe(200);
      expect(result.errors).toEqual({});
      expect(result.latencyMs.p50).toBeGreaterThan(0);
      expect(result.latencyMs.max).toBeGreaterThanOrEqual(result.latencyMs.p99);
    } finally {
      await close(server);
    }
  });

  it('keeps sending on schedule through a one-second stall, and charges the stall to every request due during it', async () => {
    // The server holds every answer that arrives between 300 ms and 1300 ms until the stall ends.
    const arrivals: number[] = [];
    let started = 0;
    const { url, server } = await serve((_request, response) => {
      const at = performance.now() - started;
      arrivals.push(at);
      if (at >= 300 && at < 1_300) setTimeout(() => response.end('late'), 1_300 - at);
      else response.end('ok');
    });
    try {
      started = performance.now();
      const result = await runOpenLoad({ target: url, ratePerSecond: 100, durationMs: 2_000, request: get });
      expect(result.succeeded).toBe(200);
      // A closed loop would have sent about one request during the stall; the open model sends on.
      expect(arrivals.filter((at) => at >= 300 && at < 1_300).length).toBeGreaterThanOrEqual(50);
      expect(result.latencyMs.max).toBeGreaterThanOrEqual(900);
      expect(result.latencyMs.p90).toBeGreaterThanOrEqual(500);
    } finally {
      await close(server);
    }
  });

  it('counts errors by kind: statuses and refused connections', async () => {
    const { url, server } = await serve((request, response) => {
      response.statusCode = Number(request.url!.split('/').pop()) % 2 === 0 ? 200 : 503;
      response.end();
    });
    try {
      const result = await runOpenLoad({ target: url, ratePerSecond: 100, durationMs: 500, request: get });
      expect(result.succeeded).toBe(25);
      expect(result.errors).toEqual({ 'HTTP 503': 25 });
    } finally {
      await close(server);
    }
    const refused = await runOpenLoad({ target: url, ratePerSecond: 50, durationMs: 200, request: get });
    expect(refused.succeeded).toBe(0);
    expect(refused.errors).toEqual({ ECONNREFUSED: 10 });
  });

  it('reports its own lateness, and calls a step whose generator was blocked starved', async () => {
    const { url, server } = await serve((_request, response) => response.end('ok'));
    try {
      // The generator's own event loop is blocked for 200 ms a third of the way in.
      setTimeout(() => {
        const until = performance.now() + 200;
        while (performance.now() < until);
      }, 300);
      const result = await runOpenLoad({ target: url, ratePerSecond: 200, durationMs: 1_000, request: get });
      expect(result.schedulingLagMs.max).toBeGreaterThanOrEqual(150);
      expect(result.starved).toBe(true);
      expect(result.sent).toBe(200);
    } finally {
      await close(server);
    }
  });
});
