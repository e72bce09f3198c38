import type { LogFn } from './infra.types';

let engineAnswered = false;

/**
 * Whether a Docker (or compatible) engine answers, asked through Testcontainers' own runtime
 * discovery so that DOCKER_HOST, ~/.testcontainers.properties and rootless sockets count.
 * Without an engine it fails within milliseconds ("Could not find a working container
 * runtime strategy"), so probing first is cheaper than letting container start() fail.
 * testcontainers is a dev dependency and is imported lazily: a production install without
 * it simply has no Docker route.
 */
export async function isDockerEngineAvailable(log: LogFn): Promise<boolean> {
  if (engineAnswered) return true;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    engineAnswered = true;
    return true;
  } catch (error) {
    log(`no Docker engine (${(error as Error).message}); not using Testcontainers`);
    return false;
  }
}
