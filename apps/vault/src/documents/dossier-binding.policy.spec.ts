import type { Principal } from '@app/platform';
import { boundToDossier, type Attachment } from './dossier-binding.policy';

describe(boundToDossier.name, () => {
  const justice = '000.00.12.H26';
  const health = '000.00.15.H26';
  const dossierD = '11111111-1111-4111-8111-111111111111';
  const dossierE = '22222222-2222-4222-8222-222222222222';
  const attachments: Attachment[] = [
    { agencyCode: justice, dossierId: dossierD },
    { agencyCode: health, dossierId: dossierE },
  ];
  const officerOf = (agencyCode: string): Principal => ({ role: 'officer', subject: `officer@${agencyCode}`, agencyCode });

  it.each<[string, Principal, string | undefined, boolean]>([
    ['the provided-to agency, for its dossier', officerOf(justice), dossierD, true],
    ['the reusing agency, for its dossier', officerOf(health), dossierE, true],
    ['an agency, for the other agency’s dossier', officerOf(justice), dossierE, false],
    ['an agency, for a dossier the document is not attached to', officerOf(justice), '33333333-3333-4333-8333-333333333333', false],
    ['an agency the document never reached', officerOf('000.00.12.H17'), dossierD, false],
    ['an officer naming no dossier', officerOf(justice), undefined, false],
    ['the owner, who needs no dossier', { role: 'citizen', subject: 'c', personalId: '001099012345' }, undefined, true],
  ])('%s: %s', (_case, principal, dossierId, bound) => {
    expect(boundToDossier(principal, attachments, dossierId)).toBe(bound);
  });
});
