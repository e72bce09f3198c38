import { HOME_AGENCY, OTHER_AGENCY, type ServiceName } from './hostile-platform';
import type { Caller } from './callers';
import type { SeededAgency, SeededWorld } from './seeded-world';

/**
 * What `caller` must never find in a response from `service`, unless it sent it itself:
 * - nobody without a token learns anything of either citizen;
 * - a citizen learns nothing of the other (personal id, citizenRef, any id of theirs);
 * - an officer learns no dossier, order or result of the other agency (the vault excepted:
 *   under connected data sharing a sibling's officer may read a verified document's metadata).
 */
export function forbiddenFor(world: SeededWorld, service: ServiceName, caller: Caller): string[] {
  switch (caller.role) {
    case 'anonymous':
      return [...world.markersOf('A'), ...world.markersOf('B')];
    case 'citizen-a':
      return world.markersOf('B');
    case 'citizen-b':
      return world.markersOf('A');
    case 'officer':
    case 'foreign-officer':
      return service === 'vault' ? [] : agencyMarkers(world, caller.agency === HOME_AGENCY ? OTHER_AGENCY : HOME_AGENCY);
    case 'admin':
      return [];
  }
}

function agencyMarkers(world: SeededWorld, agency: SeededAgency): string[] {
  return Object.values(world.citizens).flatMap((citizen) => {
    const holding = citizen.holdings[agency];
    return [holding.dossierId, holding.orderId, holding.resultCode, holding.nationalDossierCode];
  });
}
