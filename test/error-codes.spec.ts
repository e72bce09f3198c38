import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

// Each module declares its codes in one enum (PlatformErrorCode, DocumentErrorCode, DossierErrorCode…),
// which the OpenAPI document lists (ApiErrorCodes): a code written inline would be missing from both.
describe('error codes', () => {
  it('are never written as literals where an ApiError is made', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'apps/*/src/*.ts', 'apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((file) => file && !/\.(spec|integration-spec)\.ts$|__tests__/.test(file));
    const inline = files.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/new ApiError\(\s*[^,]+,\s*['"`]([A-Z_]+)/g)].map((match) => `${file}: ${match[1]}`),
    );
    expect(inline).toEqual([]);
  });
});
