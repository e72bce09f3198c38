import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { proceduresOffered } from './procedure-seed';

const catalog: unknown = JSON.parse(readFileSync(resolve('deploy/seed/procedures.json'), 'utf8'));

describe(proceduresOffered.name, () => {
  it("keeps exactly the procedures of the deployment's agency from the real catalog", () => {
    expect(proceduresOffered(catalog, '000.00.12.H26').map((entry) => entry.code)).toEqual(['JUS-CRIMINAL-RECORD', 'JUS-CERTIFIED-COPY']);
    expect(proceduresOffered(catalog, '000.03.00.G10').map((entry) => entry.code)).toEqual(['DAV-PHARMACY-PRACTICE']);
    expect(proceduresOffered(catalog, '000.00.00.H31')).toEqual([]);
  });

  it('keeps levels, fees and required document types', () => {
    const [criminalRecord] = proceduresOffered(catalog, '000.00.12.H26');
    expect(criminalRecord).toMatchObject({
      level: 4,
      feeVnd: 200_000,
      requiredDocumentTypes: ['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION'],
    });
  });

  it('refuses a catalog with an invalid entry, naming it', () => {
    const bad = { procedures: [{ code: 'X-1', nameVi: 'x', nameEn: 'x', level: 5, feeVnd: 0, requiredDocumentTypes: [], agencies: [] }] };
    expect(() => proceduresOffered(bad, '000.00.12.H26')).toThrow(/procedures\.0\.level/);
    expect(() => proceduresOffered([], '000.00.12.H26')).toThrow(/"procedures"/);
  });

  it('refuses a catalog listing one code twice', () => {
    const entry = { code: 'X-1', nameVi: 'x', nameEn: 'x', level: 3, feeVnd: 0, requiredDocumentTypes: [], agencies: ['000.00.12.H26'] };
    expect(() => proceduresOffered({ procedures: [entry, entry] }, '000.00.12.H26')).toThrow(/X-1 twice/);
  });
});
