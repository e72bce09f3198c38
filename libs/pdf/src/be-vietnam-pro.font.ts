import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface FontFiles {
  regular: string;
  bold: string;
}

let located: FontFiles | undefined;

/**
 * The Be Vietnam Pro TTFs, found through Node's own resolution of the font package, so the
 * same code works from `dist/`, from the sources under vitest, and in the production image,
 * wherever npm put node_modules.
 */
export function beVietnamProFiles(): FontFiles {
  if (located) return located;
  const requireHere = createRequire(__filename);
  let folder: string;
  try {
    folder = dirname(requireHere.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
  } catch {
    throw new Error('Be Vietnam Pro not found: install the @expo-google-fonts/be-vietnam-pro package (npm ci)');
  }
  located = {
    regular: join(folder, '400Regular', 'BeVietnamPro_400Regular.ttf'),
    bold: join(folder, '700Bold', 'BeVietnamPro_700Bold.ttf'),
  };
  return located;
}
