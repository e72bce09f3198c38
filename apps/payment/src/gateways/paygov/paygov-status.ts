import type { PayGovConfig } from '../../paygov/paygov-config';
import type { GatewayOffReason } from '../payment-gateway';

/**
 * The national platform is never on in this build: without PAYGOV_URL it is off for that
 * reason, and with it the configuration is still checked (a half one stops the service), but
 * the operator's endpoint paths, fields and signature are placeholders until its integration
 * specification is confirmed, and nothing fake stands in for it.
 */
export function payGovOff(config: PayGovConfig): GatewayOffReason {
  return {
    name: 'paygov',
    reason: config.enabled ? "PAYGOV_URL is set, but the adapter awaits the operator's integration specification (docs/payment-gateways.md §4)" : config.reason,
  };
}
