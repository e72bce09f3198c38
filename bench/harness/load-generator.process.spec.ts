import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoadGeneratorProcess } from './load-generator.process';

describe(LoadGeneratorProcess.name, () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${String(request.headers['x-who'])}`);
      response.statusCode = request.url === '/refuse' ? 409 : 200;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('runs a listed plan in another process, cycling the requests, and says when each was answered', async () => {
    const generator = LoadGeneratorProcess.start();
    try {
      expect(generator.pid).not.toBe(process.pid);
      const before = Date.now();
      const result = await generator.run({
        target: url,
        ratePerSecond: 100,
        durationMs: 300,
        requests: [
          { method: 'POST', path: '/a', headers: { 'x-who': 'one' }, body: '{}' },
          { method: 'GET', path: '/refuse', headers: { 'x-who': 'two' } },
        ],
        answerTimes: true,
      });
      expect([result.sent, result.succeeded, result.errors]).toEqual([30, 15, { 'HTTP 409': 15 }]);
      // Over several connections the arrival order is the network's; the cycle shows in the counts.
      expect(seen.filter((line) => line === 'POST /a one')).toHaveLength(15);
      expect(seen.filter((line) => line === 'GET /refuse two')).toHaveLength(15);
      // Wall-clock times of the answers, and none for a refused request.
      expect(result.answeredAt).toHaveLength(30);
      expect(result.answeredAt![1]).toBeNull();
      expect(result.answeredAt![0]).toBeGreaterThanOrEqual(before);
      expect(result.answeredAt![0]).toBeLessThanOrEqual(Date.now());
      // The same process serves the next step.
      expect((await generator.run({ target: url, ratePerSecond: 50, durationMs: 200, requests: [{ method: 'GET', path: '/b' }] })).succeeded).toBe(10);
    } finally {
      await generator.stop();
    }
  });
});
