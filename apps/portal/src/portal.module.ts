import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import multer from 'multer';
import { AgencyIntakes } from './api/agency-intakes';
import { PlatformApi } from './api/platform-api';
import { ServiceClient } from './api/service-client';
import { AuthController } from './auth/auth.controller';
import { CsrfGuard } from './auth/csrf.guard';
import { OidcLogin } from './auth/oidc-login';
import { RequestContextMiddleware } from './auth/request-context.middleware';
import { RolesGuard } from './auth/roles.guard';
import { SessionCookies } from './auth/session-cookies';
import { PortalExceptionFilter } from './errors/portal-exception.filter';
import { AdminController } from './pages/admin.controller';
import { AgencyDirectory } from './pages/agency-directory';
import { CatalogController } from './pages/catalog.controller';
import { CitizenDossiersController, ReceiptsController } from './pages/citizen-dossiers.controller';
import { CitizenRecordsController } from './pages/citizen-records.controller';
import { DeskController } from './pages/desk.controller';
import { HealthController } from './pages/health.controller';
import { VerifyController } from './pages/verify.controller';
import { intakeUrls, type PortalEnvironment } from './portal-environment';

/** Matches the intake's own limit (MAX_UPLOAD_BYTES): a larger file is refused here, before it travels. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

@Module({})
export class PortalModule implements NestModule {
  static forRoot(env: PortalEnvironment, assetPaths: { css: string; js: string }): DynamicModule {
    const cookies = SessionCookies.fromKeyFile(env.SESSION_KEY_FILE, env.PUBLIC_URL, env.SESSION_MAX_AGE_SECONDS);
    const client = new ServiceClient(env.SERVICE_TIMEOUT_MS);
    const api = new PlatformApi(client, new AgencyIntakes(intakeUrls(env)), { vault: env.VAULT_URL, payment: env.PAYMENT_URL, notification: env.NOTIFICATION_URL });
    return {
      module: PortalModule,
      controllers: [HealthController, AuthController, CatalogController, CitizenDossiersController, ReceiptsController, CitizenRecordsController, VerifyController, DeskController, AdminController],
      providers: [
        { provide: SessionCookies, useValue: cookies },
        { provide: OidcLogin, useValue: new OidcLogin(env) },
        { provide: PlatformApi, useValue: api },
        { provide: AgencyDirectory, useValue: new AgencyDirectory(api) },
        { provide: RequestContextMiddleware, useValue: new RequestContextMiddleware(cookies, assetPaths) },
        { provide: APP_GUARD, useValue: new CsrfGuard(new URL(env.PUBLIC_URL).origin) },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useValue: new PortalExceptionFilter(cookies) },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Before the guards, so the CSRF guard reads the upload's token like any other form's.
    consumer
      .apply(multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } }).single('file'))
      .forRoutes({ path: 'dossiers/:id/documents', method: RequestMethod.POST });
  }
}
