import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = ConfigError.name;
  }
}

/**
 * Builds a typed, validated configuration from an environment. Taking the environment as
 * a parameter (not reading process.env here) lets tests run several deployments, such as
 * two agencies' intakes, in one process.
 */
export function loadConfig<T extends object>(schema: new () => T, env: Record<string, string | undefined>): T {
  const config = plainToInstance(schema, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => `${error.property} ${Object.values(error.constraints ?? {}).map((message) => message.replace(`${error.property} `, '')).join(', ')}`),
    );
  }
  return config;
}
