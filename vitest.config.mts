import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const libs = ['contracts', 'messaging', 'persistence', 'platform', 'local-infra', 'testing'];
const alias = Object.fromEntries(libs.map((lib) => [`@app/${lib}`, fileURLToPath(new URL(`./libs/${lib}/src/index.ts`, import.meta.url))]));

// SWC rather than esbuild: Nest's dependency injection needs emitted decorator metadata.
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    globals: true,
    reporters: ['default'],
    projects: [
      {
        plugins,
        resolve: { alias },
        test: { name: 'unit', globals: true, setupFiles: ['reflect-metadata'], include: ['{apps,libs}/**/*.spec.ts'] },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          globals: true,
          setupFiles: ['reflect-metadata'],
          include: ['{apps,libs,test}/**/*.integration-spec.ts'],
          globalSetup: ['test/global-setup.ts'],
          // One broker and one PostgreSQL on two cores: files run one after another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Benchmarks print numbers and check only correctness; `npm run bench`, never `npm test`.
        plugins,
        resolve: { alias },
        test: {
          name: 'bench',
          globals: true,
          setupFiles: ['reflect-metadata'],
          include: ['bench/**/*.bench-spec.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
