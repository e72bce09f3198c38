import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as sass from 'sass';

export interface BuiltAsset {
  readonly path: string;
  readonly type: string;
  readonly body: Buffer;
  readonly gzipped: Buffer;
}

/**
 * The portal's stylesheet and scripts, built once at start: govuk-frontend's Sass with our
 * font and colours (portal.scss), govuk-frontend's component script, and ours. Each is served
 * under a name carrying a hash of its content, so browsers may cache it for a year.
 */
export function buildAssets(root: string): BuiltAsset[] {
  const css = sass.compile(resolve(root, 'apps/portal/assets/portal.scss'), {
    loadPaths: [resolve(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
  }).css;
  const govuk = asset('govuk-frontend', 'js', 'text/javascript', readFileSync(resolve(root, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js')));
  // portal.js imports govuk-frontend by its hashed name, so both are cached together.
  const ours = readFileSync(resolve(root, 'apps/portal/assets/portal.js'), 'utf8').replace('./govuk-frontend.min.js', govuk.path);
  return [
    asset('portal', 'css', 'text/css', Buffer.from(css)),
    govuk,
    asset('portal', 'js', 'text/javascript', Buffer.from(ours)),
    asset('emblem', 'svg', 'image/svg+xml', readFileSync(resolve(root, 'apps/portal/assets/emblem.svg')), false),
  ];
}

function asset(name: string, extension: string, type: string, body: Buffer, hashed = true): BuiltAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${hashed ? `${name}.${hash}` : name}.${extension}`, type: `${type}; charset=utf-8`, body, gzipped: gzipSync(body, { level: 9 }) };
}
