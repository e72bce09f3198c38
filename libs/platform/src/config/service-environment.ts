import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { readFileSync } from 'node:fs';
import type { KafkaSettings, SigningSettings } from '@app/messaging';
import { DEFAULT_CLAIM_NAMES, type AuthSettings } from '../auth/token-verifier';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;

/** How to reach Kafka: shared by the services and the platform's setup commands. */
export class KafkaEnvironment {
  @Transform(splitList)
  @IsString({ each: true })
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  KAFKA_BROKERS!: string[];

  @IsOptional()
  @IsIn(['scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512';

  @ValidateIf((env: KafkaEnvironment) => env.KAFKA_SASL_MECHANISM !== undefined)
  @IsNotEmpty()
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((env: KafkaEnvironment) => env.KAFKA_SASL_MECHANISM !== undefined)
  @IsNotEmpty()
  KAFKA_SASL_PASSWORD?: string;

  // Read the raw variable: implicit conversion has already turned the string "false" into true.
  @Transform(({ obj }: { obj: Record<string, unknown> }) => obj.KAFKA_SSL === true || obj.KAFKA_SSL === 'true')
  @IsBoolean()
  KAFKA_SSL: boolean = false;

  @IsInt()
  @Min(1_000)
  KAFKA_CONNECT_TIMEOUT_MS: number = 10_000;
}

/** Variables every service reads. Each app extends it with its own. */
export class ServiceEnvironment extends KafkaEnvironment {
  @IsInt()
  @Min(0)
  @Max(65_535)
  HTTP_PORT!: number;

  /** Loopback unless told otherwise: a container or a pod sets 0.0.0.0 on purpose. */
  @IsString()
  HTTP_HOST: string = '127.0.0.1';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** The token issuer: VNeID or another OIDC provider in production, the dev issuer locally. */
  @IsNotEmpty()
  AUTH_ISSUER!: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  AUTH_JWKS_URL!: string;

  @IsNotEmpty()
  AUTH_AUDIENCE: string = 'once-only-platform';

  /** Days an applied or ignored event stays in the inbox; it must outlast any redelivery (dead-lettered entries stay until replayed). */
  @IsInt()
  @Min(1)
  INBOX_RETENTION_DAYS: number = 30;

  /**
   * How long an unanswered Idempotency-Key claim is held before a retry may take it over: it
   * must outlast the slowest request, or a retry could run the request twice while the first
   * still runs; while it lasts, a retry after a crash waits (409 IDEMPOTENCY_IN_PROGRESS).
   */
  @IsInt()
  @Min(5)
  IDEMPOTENCY_LEASE_SECONDS: number = 120;

  /** Claim names of the identity provider in use (VNeID, a ministry's OIDC provider…). */
  @IsNotEmpty()
  AUTH_ROLE_CLAIM: string = DEFAULT_CLAIM_NAMES.role;

  @IsNotEmpty()
  AUTH_PERSONAL_ID_CLAIM: string = DEFAULT_CLAIM_NAMES.personalId;

  @IsNotEmpty()
  AUTH_AGENCY_CLAIM: string = DEFAULT_CLAIM_NAMES.agency;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * This deployment's private key for signing its events (PKCS#8 PEM or a private JWK). A
   * Secret: give it inline or, where secrets are mounted as files, by SIGNING_KEY_FILE.
   * Parsed at start-up; an unusable key stops the service with one line naming the variable.
   */
  @ValidateIf((env: ServiceEnvironment) => env.SIGNING_KEY_FILE === undefined)
  @IsNotEmpty({ message: 'SIGNING_KEY (or SIGNING_KEY_FILE) must give this deployment its private signing key' })
  SIGNING_KEY?: string;

  @IsOptional()
  @IsNotEmpty()
  SIGNING_KEY_FILE?: string;

  /** The key id under which the public half is registered in the vault's key directory. */
  @Matches(/^[A-Za-z0-9._:-]{1,200}$/, { message: 'SIGNING_KEY_ID must be 1 to 200 letters, digits, dots, colons, dashes or underscores' })
  SIGNING_KEY_ID!: string;

  /** Bearer token Prometheus presents to `/metrics`; unset, the endpoint stays shut. */
  @IsOptional()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters (it is a secret)' })
  METRICS_TOKEN?: string;
}

export function kafkaSettings(env: KafkaEnvironment, clientId: string): KafkaSettings {
  return {
    clientId,
    brokers: env.KAFKA_BROKERS,
    ssl: env.KAFKA_SSL,
    connectTimeoutMs: env.KAFKA_CONNECT_TIMEOUT_MS,
    ...(env.KAFKA_SASL_MECHANISM
      ? { sasl: { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME!, password: env.KAFKA_SASL_PASSWORD! } }
      : {}),
  };
}

export function authSettings(env: ServiceEnvironment): AuthSettings {
  return {
    issuer: env.AUTH_ISSUER,
    jwksUrl: env.AUTH_JWKS_URL,
    audience: env.AUTH_AUDIENCE,
    claims: { role: env.AUTH_ROLE_CLAIM, personalId: env.AUTH_PERSONAL_ID_CLAIM, agency: env.AUTH_AGENCY_CLAIM },
  };
}

/** The configured signing key, read from SIGNING_KEY_FILE when that is how it was given. */
export function signingSettings(env: ServiceEnvironment): SigningSettings {
  if (env.SIGNING_KEY !== undefined) return { privateKey: env.SIGNING_KEY, keyId: env.SIGNING_KEY_ID, variable: 'SIGNING_KEY' };
  let privateKey: string;
  try {
    privateKey = readFileSync(env.SIGNING_KEY_FILE!, 'utf8');
  } catch (error) {
    throw new Error(`SIGNING_KEY_FILE ${env.SIGNING_KEY_FILE} cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { privateKey, keyId: env.SIGNING_KEY_ID, variable: 'SIGNING_KEY_FILE' };
}
