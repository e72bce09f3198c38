import 'reflect-metadata';
import { loadConfig } from '@app/platform';
import { createPortalApp } from './portal-app';
import { PortalEnvironment } from './portal-environment';

/**
 * The citizen and officer portal. Configuration is by environment (see PortalEnvironment);
 * it fails with one line if that is wrong, like the services.
 */
async function main(): Promise<void> {
  const env = loadConfig(PortalEnvironment, process.env);
  const app = await createPortalApp(env);
  await app.listen(env.HTTP_PORT, env.HTTP_HOST);
  const url = await app.getUrl();
  process.stdout.write(`portal ready on ${url.replace('[::1]', 'localhost')} (public at ${env.PUBLIC_URL})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`portal cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
