import { Global, Module, type DynamicModule } from '@nestjs/common';
import { IntakeEnvironment, intakeGoverningBodyCode } from './intake-environment';

/** What the features of one agency's desk need to know about the deployment they run in. */
export class IntakeSettings {
  constructor(
    readonly agencyCode: string,
    readonly governingBodyCode: string,
    readonly vaultUrl: string,
    readonly maxUploadBytes: number,
    readonly publicUrl: string,
    readonly apologySweepIntervalMs: number,
    readonly apologyExtensionWorkingDays: number,
  ) {}

  static from(env: IntakeEnvironment): IntakeSettings {
    return new IntakeSettings(
      env.AGENCY_CODE,
      intakeGoverningBodyCode(env),
      env.VAULT_URL,
      env.MAX_UPLOAD_BYTES,
      (env.PUBLIC_URL ?? `http://localhost:${env.HTTP_PORT}`).replace(/\/+$/, ''),
      env.APOLOGY_SWEEP_INTERVAL_MS,
      env.APOLOGY_EXTENSION_WORKING_DAYS,
    );
  }
}

@Global()
@Module({})
export class IntakeSettingsModule {
  static forRoot(env: IntakeEnvironment): DynamicModule {
    return {
      module: IntakeSettingsModule,
      // The environment too, for what only reads it at start-up (the result signing identity).
      providers: [
        { provide: IntakeSettings, useValue: IntakeSettings.from(env) },
        { provide: IntakeEnvironment, useValue: env },
      ],
      exports: [IntakeSettings, IntakeEnvironment],
    };
  }
}
