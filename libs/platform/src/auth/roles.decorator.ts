import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ALLOWED_ROLES = 'auth:roles';

/** Routes without it accept any authenticated principal; handlers then check ownership. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);
