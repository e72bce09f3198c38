export * from './vault.client';
export * from './vault-error-code';
