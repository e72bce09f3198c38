/** What a service answers when the vault cannot (the vault's own refusals are relayed as they are). */
export enum VaultClientErrorCode {
  VaultUnavailable = 'VAULT_UNAVAILABLE',
}
