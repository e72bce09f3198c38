import type { Principal } from '@app/platform';
import { agencyOf, HOME_AGENCY, OTHER_AGENCY, type HostilePlatform, type ServiceName } from './hostile-platform';
import type { CitizenName, Holding, SeededAgency, SeededWorld } from './seeded-world';

/** Everyone the suites call as: nobody, the two seeded citizens, officers of this and of another agency, an admin. */
export const CALLER_ROLES = ['anonymous', 'citizen-a', 'citizen-b', 'officer', 'foreign-officer', 'admin'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/**
 * Whose resource a request names, seen from the caller: their own (a citizen's, or an
 * officer's agency's), another citizen's at the same agency, or one of another agency.
 */
export const RELATIONS = ['own', 'another-citizen', 'another-agency'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface Caller {
  readonly role: CallerRole;
  /** Absent for the anonymous caller. */
  readonly token?: string;
  /** The citizen this caller is, or on whose behalf the resources it names are chosen. */
  readonly citizen: CitizenName;
  /** The caller's agency: an officer's own; for everyone else the deployment's. */
  readonly agency: SeededAgency;
}

/** The resource owner and agency that `relation` picks for `caller`. */
export interface Target {
  readonly citizen: CitizenName;
  readonly agency: SeededAgency;
}

const otherCitizen = (name: CitizenName): CitizenName => (name === 'A' ? 'B' : 'A');
const otherAgency = (agency: SeededAgency): SeededAgency => (agency === HOME_AGENCY ? OTHER_AGENCY : HOME_AGENCY);

export function targetOf(caller: Caller, relation: Relation): Target {
  switch (relation) {
    case 'own':
      return { citizen: caller.citizen, agency: caller.agency };
    case 'another-citizen':
      return { citizen: otherCitizen(caller.citizen), agency: caller.agency };
    case 'another-agency':
      return { citizen: caller.citizen, agency: otherAgency(caller.agency) };
  }
}

export function holdingOf(world: SeededWorld, target: Target): Holding {
  return world.citizens[target.citizen].holdings[target.agency];
}

/**
 * The six callers of one deployment. "Officer" is an officer of the deployment's agency (the
 * home agency for the shared services); "foreign officer" one of the sibling agency, under
 * the same governing body, which is what a careless check would let through.
 */
export async function callersOf(service: ServiceName, platform: HostilePlatform, world: SeededWorld): Promise<Map<CallerRole, Caller>> {
  const home = agencyOf(service) as SeededAgency;
  const principal = (role: CallerRole): Principal | undefined => {
    switch (role) {
      case 'anonymous':
        return undefined;
      case 'citizen-a':
        return { role: 'citizen', subject: world.citizens.A.subject, personalId: world.citizens.A.personalId };
      case 'citizen-b':
        return { role: 'citizen', subject: world.citizens.B.subject, personalId: world.citizens.B.personalId };
      case 'officer':
        return { role: 'officer', subject: `hostile-officer@${home}`, agencyCode: home };
      case 'foreign-officer':
        return { role: 'officer', subject: `hostile-officer@${otherAgency(home)}`, agencyCode: otherAgency(home) };
      case 'admin':
        return { role: 'admin', subject: 'hostile-admin' };
    }
  };
  const callers = new Map<CallerRole, Caller>();
  for (const role of CALLER_ROLES) {
    const who = principal(role);
    callers.set(role, {
      role,
      ...(who ? { token: await platform.token(who) } : {}),
      citizen: role === 'citizen-b' ? 'B' : 'A',
      agency: role === 'foreign-officer' ? otherAgency(home) : home,
    });
  }
  return callers;
}
