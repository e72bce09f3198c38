import { readFileSync } from 'node:fs';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { vietQrSettings, type GatewayOff, type VietQrSettings } from './gateways/vietqr/vietqr-settings';
import { payGovConfig, type PayGovConfig } from './paygov/paygov-config';
import { PaymentEnvironment } from './payment-environment';

export interface SandboxGatewaySettings {
  readonly url: string;
  readonly tmnCode: string;
  readonly hashSecret: string;
}

/** What the payment features need to know about the deployment they run in. */
export class PaymentSettings {
  constructor(
    readonly vaultUrl: string,
    readonly publicUrl: string,
    readonly orderTtlMs: number,
    readonly pendingPollIntervalMs: number,
    /** Undefined when the sandbox adapter is off. */
    readonly sandbox: SandboxGatewaySettings | undefined,
    readonly vietQr: VietQrSettings | GatewayOff,
    readonly payGov: PayGovConfig,
    readonly portalUrl?: string,
  ) {}

  static from(env: PaymentEnvironment, readSecret: (path: string) => string = (path) => readFileSync(path, 'utf8')): PaymentSettings {
    let sandbox: SandboxGatewaySettings | undefined;
    if (env.SANDBOX_GATEWAY_URL !== undefined) {
      const hashSecret = readSecret(env.SANDBOX_HASH_SECRET_FILE!).trim();
      if (hashSecret.length < 16) throw new Error(`SANDBOX_HASH_SECRET_FILE ${env.SANDBOX_HASH_SECRET_FILE} must hold a secret of at least 16 characters`);
      sandbox = { url: env.SANDBOX_GATEWAY_URL.replace(/\/+$/, ''), tmnCode: env.SANDBOX_TMN_CODE!, hashSecret };
    }
    return new PaymentSettings(
      env.VAULT_URL,
      (env.PUBLIC_URL ?? `http://localhost:${env.HTTP_PORT}`).replace(/\/+$/, ''),
      env.ORDER_TTL_MS,
      env.PENDING_POLL_INTERVAL_MS,
      sandbox,
      vietQrSettings(env, readSecret),
      payGovConfig({
        PAYGOV_URL: env.PAYGOV_URL,
        PAYGOV_MERCHANT_CODE: env.PAYGOV_MERCHANT_CODE,
        PAYGOV_SECRET_FILE: env.PAYGOV_SECRET_FILE,
        PAYGOV_CALLBACK_URL: env.PAYGOV_CALLBACK_URL,
        PAYGOV_RETURN_URL: env.PAYGOV_RETURN_URL,
      }),
      env.PORTAL_URL?.replace(/\/+$/, ''),
    );
  }
}

@Global()
@Module({})
export class PaymentSettingsModule {
  static forRoot(env: PaymentEnvironment): DynamicModule {
    return { module: PaymentSettingsModule, providers: [{ provide: PaymentSettings, useValue: PaymentSettings.from(env) }], exports: [PaymentSettings] };
  }
}
