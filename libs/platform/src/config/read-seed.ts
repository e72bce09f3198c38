import { readFile } from 'node:fs/promises';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** A seed file read and checked against its class: an invalid one stops the seeding with every fault named. */
export async function readSeed<T extends object>(path: string, schema: new () => T): Promise<T> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  const seed = plainToInstance(schema, parsed);
  const errors = validateSync(seed, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new Error(`${path} is invalid: ${flatten(errors).join('; ')}`);
  return seed;
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const at = path ? `${path}.${error.property}` : error.property;
    return [...Object.values(error.constraints ?? {}).map((message) => `${at}: ${message}`), ...flatten(error.children ?? [], at)];
  });
}
