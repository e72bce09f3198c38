import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import * as pdf from '@app/pdf';
import * as platform from '@app/platform';

const root = join(__dirname, '..');

/** Every source file tsc compiles for a config: its includes and everything they import. */
function compiledSet(configFile: string): string[] {
  const { config } = ts.readConfigFile(join(root, configFile), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  return program
    .getSourceFiles()
    .map((file) => relative(root, file.fileName))
    .filter((file) => !file.startsWith('node_modules') && !file.startsWith('..'));
}

// Docker is not available where the tests run, so what the image holds is checked from what builds it.
describe('the production image', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('compiles only the services, their production libraries and the topic setup', () => {
    const files = compiledSet('tsconfig.image.json');
    for (const main of ['vault', 'intake', 'payment', 'notification']) expect(files).toContain(`apps/${main}/src/main.ts`);
    expect(files).toContain('scripts/setup-topics.ts');
    const devOnly = files.filter((file) =>
      /^(libs\/(local-infra|dev-issuer|dev-pki|testing)\/|apps\/(dev-issuer|payment-sandbox)\/|bench\/|test\/|scripts\/(platform|demo)\.ts$)|(\.spec|\.integration-spec)\.ts$|__tests__/.test(file),
    );
    expect(devOnly).toEqual([]);
  }, 120_000);

  it('is the Dockerfile stage built from that set alone', () => {
    const last = stages.at(-1)!;
    expect(last).toMatch(/^\S+ AS runtime\n/);
    expect(last).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    const build = stages.find((stage) => / AS build\n/.test(stage))!;
    expect(build).toMatch(/RUN npm run build:image\n/);
    expect(build).not.toMatch(/build:dev-issuer|npm run build\n/);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['build:image']).toBe('tsc -p tsconfig.image.json && tsc-alias -p tsconfig.image.json');
  });

  it('does not carry the development token issuer, which has its own compose-only target', () => {
    const devIssuer = stages.find((stage) => / AS dev-issuer\n/.test(stage))!;
    expect(devIssuer).toMatch(/COPY --from=build-dev-issuer/);
    expect(stages.at(-1)).not.toMatch(/dev-issuer/);
    expect(readFileSync(join(root, 'docker-compose.yml'), 'utf8')).toMatch(/target: dev-issuer/);
  });
});

describe('@app/platform', () => {
  it('exports no development token issuer', () => {
    expect(Object.keys(platform).filter((name) => /dev.*issuer/i.test(name))).toEqual([]);
  });
});

describe('@app/pdf', () => {
  it('exports no development PKI or timestamp authority, which live in @app/dev-pki', () => {
    expect(Object.keys(pdf).filter((name) => /development/i.test(name))).toEqual([]);
  });
});

describe('file names', () => {
  it('mark tests as *.spec.ts or *.integration-spec.ts, and nothing else looks like one', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: root, encoding: 'utf8' }).split('\n');
    const lookalikes = files.filter((file) => /spec\.ts$/i.test(file) && !/[^-]\.spec\.ts$|\.integration-spec\.ts$/.test(file));
    expect(lookalikes).toEqual([]);
  });
});
