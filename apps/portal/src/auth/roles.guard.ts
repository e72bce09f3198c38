import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/platform';
import { AccessDenied, LoginRequired, type PortalRequest } from './portal-request';
import type { PortalSession } from './session-cookies';

const ROLES = 'portal:roles';

/** The page is for these roles only; a page without it is public. */
export const ForRoles = (...roles: Role[]) => SetMetadata(ROLES, roles);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const request = context.switchToHttp().getRequest<PortalRequest>();
    const session = request.portal.session;
    if (!session) throw new LoginRequired(request.method === 'GET' ? request.originalUrl : '/');
    if (!roles.includes(session.principal.role)) throw new AccessDenied();
    return true;
  }
}

/** The logged-in session of a page guarded by ForRoles. */
export function sessionOf(request: PortalRequest): PortalSession {
  const session = request.portal.session;
  if (!session) throw new LoginRequired(request.originalUrl);
  return session;
}
