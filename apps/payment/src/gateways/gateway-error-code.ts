/** Codes the gateway callbacks answer with besides the gateway's own acknowledgement. */
export enum GatewayErrorCode {
  GatewayNotConfigured = 'GATEWAY_NOT_CONFIGURED',
}
