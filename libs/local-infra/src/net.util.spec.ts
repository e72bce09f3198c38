import { createServer } from 'node:net';

import { findFreePort, isPortOpen } from './net.util';

describe(findFreePort.name, () => {
  it('returns a loopback port that nothing listens on and that can be taken', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
