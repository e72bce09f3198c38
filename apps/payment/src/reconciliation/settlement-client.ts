import { createHmac } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';
import type { SandboxGatewaySettings } from '../payment-settings';
import { ReconciliationErrorCode } from './reconciliation-error-code';
import { parseSettlementFile, SettlementFileError, type SettlementRow } from './settlement-file';

const FETCH_TIMEOUT_MS = 30_000;

/**
 * The sandbox's settlement file of one day. Its token is HMAC-SHA512(secret, "settlement:" +
 * date), so the merchant secret never travels. A file that breaks the format is refused
 * whole, with every bad line, and nothing is reconciled from it.
 */
export async function fetchSandboxSettlement(sandbox: SandboxGatewaySettings, date: string): Promise<SettlementRow[]> {
  const token = createHmac('sha512', sandbox.hashSecret).update(`settlement:${date}`, 'utf8').digest('hex');
  let text: string;
  try {
    const response = await fetch(`${sandbox.url}/settlements/${date}.csv`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    throw new ApiError(HttpStatus.BAD_GATEWAY, ReconciliationErrorCode.SettlementFileUnavailable, `The sandbox gave no settlement file for ${date} (${error instanceof Error ? error.message : String(error)}); try again later.`);
  }
  try {
    return parseSettlementFile(text);
  } catch (error) {
    if (error instanceof SettlementFileError) {
      throw new ApiError(HttpStatus.BAD_GATEWAY, ReconciliationErrorCode.SettlementFileInvalid, `The sandbox's settlement file for ${date} is not valid; nothing was reconciled.`, { problems: error.problems });
    }
    throw error;
  }
}
