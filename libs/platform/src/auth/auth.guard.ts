import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';
import { assertStorableClaims } from './principal-limits';
import type { AuthenticatedRequest } from './current-principal.decorator';
import type { Role } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { ALLOWED_ROLES } from './roles.decorator';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/** Registered globally: a route is authenticated unless it is explicitly `@Public()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, PlatformErrorCode.Unauthenticated, 'A bearer token is required.');
    }
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      throw new ApiError(HttpStatus.UNAUTHORIZED, PlatformErrorCode.Unauthenticated, `The bearer token was rejected: ${error.message}.`);
    }
    assertStorableClaims(request.principal);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, `This action is for: ${roles.join(', ')}.`);
    }
    return true;
  }
}
