import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const libs = ['contracts', 'messaging', 'persistence', 'platform', 'local-infra', 'observability', 'testing', 'dev-issuer', 'pdf', 'dev-pki', 'vault-client'];
const alias = {
  ...Object.fromEntries(libs.map((lib) => [`@app/${lib}`, fileURLToPath(new URL(`./libs/${lib}/src/index.ts`, import.meta.url))])),
  // The development gateway, which the payment service's tests run in-process.
  '@app/payment-sandbox': fileURLToPath(new URL('./apps/payment-sandbox/src/index.ts', import.meta.url)),
  // The development mailbox and SMS sandbox, which the notification service's tests run in-process.
  '@app/dev-mailbox': fileURLToPath(new URL('./apps/dev-mailbox/src/index.ts', import.meta.url)),
};

export default defineConfig({
  // SWC rather than esbuild: Nest's dependency injection needs emitted decorator metadata.
  // The projects below inherit the plugin and the aliases (Vitest 5 extends inline projects).
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias },
  test: {
    globals: true,
    reporters: ['default'],
    projects: [
      {
        // The benchmarks' own tools (bench/harness) are unit-tested; test/bench runs `npm run bench` reduced.
        test: { name: 'unit', globals: true, setupFiles: ['reflect-metadata'], include: ['{apps,libs,test,bench,faults}/**/*.spec.ts'], exclude: ['**/node_modules/**'] },
      },
      {
        test: {
          name: 'integration',
          globals: true,
          setupFiles: ['reflect-metadata', 'test/tracing.setup.ts'],
          include: ['{apps,libs,test}/**/*.integration-spec.ts'],
          globalSetup: ['test/global-setup.ts'],
          // One broker and one PostgreSQL on two cores: files run one after another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
