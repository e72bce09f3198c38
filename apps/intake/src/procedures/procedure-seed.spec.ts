import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { informationFixture } from '../__tests__/procedure-fixtures';
import { classify, requiredDocumentTypes } from './procedure-rules';
import { documentTypesOfSeed, proceduresOffered } from './procedure-seed';

const catalog: unknown = JSON.parse(readFileSync(resolve('deploy/seed/procedures.json'), 'utf8'));
const known = new Set(documentTypesOfSeed(JSON.parse(readFileSync(resolve('deploy/seed/document-types.json'), 'utf8'))).map((type) => type.code));
const directory = JSON.parse(readFileSync(resolve('deploy/seed/directory.json'), 'utf8')) as {
  governingBodies: { agencies?: { code: string; tier: string }[] }[];
};
const localAgencies = directory.governingBodies.flatMap((body) => body.agencies ?? []).filter((agency) => agency.tier !== 'central');

describe(proceduresOffered.name, () => {
  it("keeps exactly the procedures of the deployment's agency from the real catalog", () => {
    expect(proceduresOffered(catalog, '000.00.12.H26', known).map((entry) => entry.code)).toEqual([
      'JUS-LEGAL-AID',
      'JUS-CERTIFIED-COPY',
      'JUS-NATIONALITY-CONFIRMATION',
      'JUS-CRIMINAL-RECORD',
    ]);
    expect(proceduresOffered(catalog, '000.03.00.G10', known).map((entry) => entry.code)).toEqual(['DAV-PHARMACY-PRACTICE']);
    expect(proceduresOffered(catalog, '000.00.00.H31', known)).toEqual([]);
  });

  it.each(localAgencies.map((agency) => [agency.code]))('offers at %s one procedure at each level', (agencyCode) => {
    const levels = proceduresOffered(catalog, agencyCode, known).map((entry) => entry.information.level);
    expect([...new Set(levels)].sort()).toEqual([1, 2, 3, 4]);
  });

  it('keeps the criminal record certificate at level 4, 200.000 đ, reused once-only by the practice licence', () => {
    const [criminalRecord] = proceduresOffered(catalog, '000.00.12.H26', known).filter((entry) => entry.code === 'JUS-CRIMINAL-RECORD');
    expect(criminalRecord.information).toMatchObject({ level: 4, result: { documentTypeCode: 'CRIMINAL_RECORD_CERTIFICATE' } });
    expect(criminalRecord.information.fees.filter((fee) => fee.kind === 'fixed')).toEqual([expect.objectContaining({ amountVnd: 200_000 })]);
    expect(requiredDocumentTypes(criminalRecord.information)).toEqual(['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION']);
    const [licence] = proceduresOffered(catalog, '000.00.15.H26', known).filter((entry) => entry.code === 'HEA-PRACTICE-LICENCE');
    expect(licence.information.level).toBe(3);
    expect(licence.information.components).toContainEqual(expect.objectContaining({ documentTypeCode: 'CRIMINAL_RECORD_CERTIFICATE', required: true }));
  });

  it('classifies the catalog under Decree 42 from its own data', () => {
    const classes = new Map(proceduresOffered(catalog, '000.01.01.H26', known).map((entry) => [entry.code, classify(entry.information)]));
    expect(Object.fromEntries(classes)).toEqual({
      'COM-LAND-MEDIATION': 'not_online',
      'JUS-CERTIFIED-COPY': 'not_online',
      'COM-MARRIAGE-REGISTRATION': 'partial_online',
      'COM-BIRTH-REGISTRATION': 'full_online',
      'COM-CIVIL-STATUS-EXTRACT': 'full_online',
    });
  });

  it('refuses a catalog entry that could not be published, naming it and what it lacks', () => {
    const incomplete = { code: 'X-1', agencies: [], information: { nameVi: 'x', level: 3 } };
    expect(() => proceduresOffered({ procedures: [incomplete] }, '000.00.12.H26', known)).toThrow(/procedures\.0 \(X-1\) cannot be published: lacks nationalCode; .*lacks steps/);
    const malformed = { code: 'X-1', agencies: [], information: { level: 5 } };
    expect(() => proceduresOffered({ procedures: [malformed] }, '000.00.12.H26', known)).toThrow(/procedures\.0 \(X-1\) is invalid: information\/level/);
    const unknownType = { code: 'X-1', agencies: [], information: informationFixture({ level: 4, requiredDocumentTypes: ['NO_SUCH_TYPE'] }) };
    expect(() => proceduresOffered({ procedures: [unknownType] }, '000.00.12.H26', known)).toThrow(/unknown document type NO_SUCH_TYPE/);
    expect(() => proceduresOffered([], '000.00.12.H26', known)).toThrow(/"procedures"/);
  });

  it('refuses a catalog listing one code twice', () => {
    const entry = { code: 'X-1', agencies: ['000.00.12.H26'], information: informationFixture({ level: 3 }) };
    expect(() => proceduresOffered({ procedures: [entry, entry] }, '000.00.12.H26', known)).toThrow(/X-1 twice/);
  });
});
