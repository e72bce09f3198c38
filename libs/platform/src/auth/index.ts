export * from './auth.guard';
export * from './current-principal.decorator';
export * from './principal';
export * from './public.decorator';
export * from './roles.decorator';
export * from './token-verifier';
