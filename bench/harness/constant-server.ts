import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The ceiling of HTTP on this machine: a bare Node server answering a constant, in a process
 * of its own. A platform figure is worth its ratio to this one, measured in the same run.
 */
const body = Buffer.from('{"ok":true}');
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`constant server on ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
