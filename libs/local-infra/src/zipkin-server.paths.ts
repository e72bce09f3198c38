import { join, resolve } from 'node:path';

/** Everything the local Zipkin server keeps under `<stateDir>/zipkin` (spans stay in memory). */
export interface ZipkinPaths {
  dir: string;
  log: string;
  pidFile: string;
  lock: string;
}

export function zipkinPaths(stateDir: string): ZipkinPaths {
  const dir = join(resolve(stateDir), 'zipkin');
  return {
    dir,
    log: join(dir, 'zipkin.log'),
    pidFile: join(dir, 'zipkin.pid'),
    lock: join(dir, 'start.lock'),
  };
}
