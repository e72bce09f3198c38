import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpuSeconds, listeningPid, proportionalMiB, residentMiB, withDescendants } from './process-footprint';

describe('process footprint from /proc', () => {
  it('finds the process listening on a port, and no process for a port nobody holds', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(listeningPid((server.address() as AddressInfo).port)).toBe(process.pid);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(listeningPid((server.address() as AddressInfo | null)?.port ?? 1)).toBeUndefined();
  });

  it('counts a child among the descendants, and measures memory and CPU time that grow with use', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(withDescendants(process.pid)).toContain(child.pid);
      expect(residentMiB(process.pid)).toBeGreaterThan(10);
      expect(proportionalMiB([process.pid])).toBeGreaterThan(5);
      const before = cpuSeconds([process.pid]);
      const until = Date.now() + 300;
      while (Date.now() < until); // burn CPU on purpose
      expect(cpuSeconds([process.pid]) - before).toBeGreaterThanOrEqual(0.2);
    } finally {
      child.kill();
    }
  });

  it('keeps the CPU time of children that have exited, when asked to', async () => {
    const before = cpuSeconds([process.pid], { reaped: true });
    const child = spawn(process.execPath, ['-e', 'const until = Date.now() + 400; while (Date.now() < until);'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(cpuSeconds([process.pid], { reaped: true }) - before).toBeGreaterThanOrEqual(0.3);
  });
});
