import { join, resolve } from 'node:path';

/** Everything the local broker keeps under `<stateDir>/kafka`. */
export interface BrokerPaths {
  dir: string;
  dataDir: string;
  serverProperties: string;
  brokerLog4j: string;
  toolsLog4j: string;
  log: string;
  pidFile: string;
  lock: string;
}

export function brokerPaths(stateDir: string): BrokerPaths {
  const dir = join(resolve(stateDir), 'kafka');
  return {
    dir,
    dataDir: join(dir, 'data'),
    serverProperties: join(dir, 'server.properties'),
    brokerLog4j: join(dir, 'log4j2.properties'),
    toolsLog4j: join(dir, 'tools-log4j2.properties'),
    log: join(dir, 'broker.log'),
    pidFile: join(dir, 'broker.pid'),
    lock: join(dir, 'start.lock'),
  };
}
