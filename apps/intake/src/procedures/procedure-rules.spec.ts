import { applicationFormFixture, informationFixture } from '../__tests__/procedure-fixtures';
import type { Fee, ProcedureInformation } from './procedure-information';
import {
  acceptsOnlineDossiers,
  acceptsOnlinePayment,
  applicationForm,
  classify,
  feeVnd,
  levelProblems,
  missingLevel1Fields,
  refundOnRejectionVnd,
  requiredDocumentTypes,
  LEVEL1_FIELDS,
} from './procedure-rules';

const known = new Set(['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'CRIMINAL_RECORD_CERTIFICATE']);
const fixed = (amountVnd: number, code = `F${amountVnd}`): Fee => ({ code, nameVi: 'Lệ phí', kind: 'fixed', amountVnd });
const perCopy = (unitAmountVnd: number, unitField = 'soBanSao'): Fee => ({ code: 'PER-COPY', nameVi: 'Phí cấp bản sao', kind: 'per_unit', unitAmountVnd, unitField });

describe('procedure rules', () => {
  describe(feeVnd.name, () => {
    it.each([
      ['no fee', [], {}, 0],
      ['one fixed fee', [fixed(200_000)], {}, 200_000],
      ['two fixed fees', [fixed(200_000), fixed(5_000)], {}, 205_000],
      ['8.000 đ per copy, 3 copies', [perCopy(8_000)], { soBanSao: 3 }, 24_000],
      ['a fixed fee plus 0 copies', [fixed(2_000), perCopy(8_000)], { soBanSao: 0 }, 2_000],
      ['per copy with the count not answered', [perCopy(8_000)], {}, 0],
      ['a fixed fee plus 5.000 đ for each extra certificate', [fixed(200_000), perCopy(5_000)], { soBanSao: 2 }, 210_000],
    ] as [string, Fee[], Record<string, number>, number][])('%s', (_, fees, answers, expected) => {
      const total = feeVnd({ fees }, answers);
      expect(total).toBe(expected);
      expect(Number.isSafeInteger(total)).toBe(true);
    });

    it.each([
      ['a fraction of a unit', 1.5],
      ['a negative count', -1],
      ['a count given as text', '3'],
    ])('refuses %s rather than guess', (_, units) => {
      expect(() => feeVnd({ fees: [perCopy(8_000)] }, { soBanSao: units })).toThrow(/soBanSao must be a whole number/);
    });

    it('refuses a total a number cannot hold exactly, rather than round it', () => {
      expect(() => feeVnd({ fees: [perCopy(Number.MAX_SAFE_INTEGER)] }, { soBanSao: 2 })).toThrow(RangeError);
    });
  });

  describe(refundOnRejectionVnd.name, () => {
    it('gives back only the fees the procedure returns on rejection, for the same answers', () => {
      const fees: Fee[] = [{ ...fixed(200_000), refundedOnRejection: true }, fixed(50_000), { ...perCopy(5_000), refundedOnRejection: true }];
      expect(refundOnRejectionVnd({ fees }, { soBanSao: 2 })).toBe(210_000);
      expect(refundOnRejectionVnd({ fees: [fixed(50_000)] }, {})).toBe(0);
    });
  });

  describe(missingLevel1Fields.name, () => {
    it.each([1, 2, 3, 4] as const)('finds nothing missing in a complete level %i procedure', (level) => {
      expect(missingLevel1Fields(informationFixture({ level }))).toEqual([]);
    });

    it.each([1, 2, 3, 4] as const)('lists every field of an empty level %i draft, whatever the level', (level) => {
      expect(missingLevel1Fields({ level })).toEqual(LEVEL1_FIELDS.filter((field) => field !== 'level'));
    });

    it('counts blank text, empty steps, no result and no working days as missing; empty fees, forms and components are allowed', () => {
      const draft: Partial<ProcedureInformation> = {
        ...informationFixture({ level: 1 }),
        nameVi: '  ',
        steps: [],
        processingWorkingDays: 0,
        result: { documentTypeCode: '', nameVi: '' },
        fees: [],
        forms: [],
        components: [],
        requirementsVi: [],
        receiving: [],
      };
      expect(missingLevel1Fields(draft)).toEqual(['nameVi', 'steps', 'processingWorkingDays', 'result', 'receiving']);
    });
  });

  describe(classify.name, () => {
    it.each([
      ['level 1', informationFixture({ level: 1 }), 'not_online'],
      ['level 2', informationFixture({ level: 2 }), 'not_online'],
      ['level 3: the fee is paid and the result collected at the desk', informationFixture({ level: 3 }), 'partial_online'],
      ['level 3 free of charge: the result is still collected at the desk', informationFixture({ level: 3, fees: [] }), 'partial_online'],
      ['level 4 with only electronic copies', informationFixture({ level: 4 }), 'full_online'],
      ['level 4 free of charge', informationFixture({ level: 4, fees: [] }), 'full_online'],
      ['level 4 with a per-copy fee', informationFixture({ level: 4, fees: [perCopy(8_000)] }), 'full_online'],
      [
        'level 4 with an original to show at the desk',
        { ...informationFixture({ level: 4 }), components: [{ documentTypeCode: 'IDENTITY_CARD', nameVi: 'Thẻ căn cước', originals: 1, copies: 0, required: true }] },
        'partial_online',
      ],
      [
        'level 4 with an optional original: still needs the desk when given',
        { ...informationFixture({ level: 4 }), components: [{ documentTypeCode: 'IDENTITY_CARD', nameVi: 'Thẻ căn cước', originals: 1, copies: 1, required: false }] },
        'partial_online',
      ],
      ['level 4 returning results only at the desk', { ...informationFixture({ level: 4 }), returning: ['in_person'] }, 'partial_online'],
      ['level 3 that does not receive online', { ...informationFixture({ level: 3 }), receiving: ['in_person'] }, 'not_online'],
    ] as [string, ProcedureInformation, string][])('%s: %s', (_, info, expected) => {
      expect(classify(info)).toBe(expected);
    });
  });

  describe('what a level promises', () => {
    it.each([
      [1, false, false],
      [2, false, false],
      [3, true, false],
      [4, true, true],
    ] as const)('level %i: online dossiers %s, online payment %s', (level, online, payment) => {
      const info = informationFixture({ level });
      expect([acceptsOnlineDossiers(info), acceptsOnlinePayment(info)]).toEqual([online, payment]);
    });
  });

  it('requires the components marked required, each type once, in order', () => {
    const info = informationFixture({ level: 3, requiredDocumentTypes: ['BIRTH_CERTIFICATE', 'IDENTITY_CARD'] });
    const components = [...info.components, { ...info.components[0], nameVi: 'again' }, { ...info.components[1], documentTypeCode: 'HEALTH_CERTIFICATE', required: false }];
    expect(requiredDocumentTypes({ components })).toEqual(['BIRTH_CERTIFICATE', 'IDENTITY_CARD']);
    expect(applicationForm(info)?.code).toBe('TK-TEST');
    expect(applicationForm(informationFixture({ level: 1 }))).toBeUndefined();
  });

  describe(levelProblems.name, () => {
    it.each([1, 2, 3, 4] as const)('finds none in a consistent level %i procedure', (level) => {
      expect(levelProblems(informationFixture({ level }), known)).toEqual([]);
    });

    it.each([
      ['L1 receiving online', { ...informationFixture({ level: 1 }), receiving: ['online'] }, /level 1 procedure does not receive dossiers online/],
      ['L2 returning online', { ...informationFixture({ level: 2 }), returning: ['online'] }, /level 2 procedure does not return results online/],
      ['L2 with nothing to print', { ...informationFixture({ level: 2 }), forms: [] }, /level 2 procedure offers at least one form/],
      ['L3 not receiving online', { ...informationFixture({ level: 3 }), receiving: ['in_person'] }, /level 3 procedure receives dossiers online/],
      ['L3 without an application form', { ...informationFixture({ level: 3 }), forms: [] }, /level 3 procedure has an application form/],
      ['L3 returning online', { ...informationFixture({ level: 3 }), returning: ['online'] }, /level 3 procedure returns results in person or by post/],
      ['L4 returning at the desk only', { ...informationFixture({ level: 4 }), returning: ['in_person'] }, /level 4 procedure returns results online/],
      ['two application forms', { ...informationFixture({ level: 4 }), forms: [applicationFormFixture('A'), applicationFormFixture('B')] }, /at most one application form/],
      ['a per-unit fee counting a text field', informationFixture({ level: 4, fees: [perCopy(8_000, 'hoTen')] }), /counts hoTen, which must be an integer field/],
      ['a per-unit fee counting no field', informationFixture({ level: 4, fees: [perCopy(8_000, 'soTrang')] }), /counts soTrang/],
      ['a component of an unknown type', informationFixture({ level: 4, requiredDocumentTypes: ['PASSPORT'] }), /unknown document type PASSPORT/],
      ['a result of an unknown type', { ...informationFixture({ level: 4 }), result: { documentTypeCode: 'LICENCE', nameVi: 'Giấy phép' } }, /the result has an unknown document type LICENCE/],
      ['one fee code twice', informationFixture({ level: 4, fees: [fixed(1, 'X'), fixed(2, 'X')] }), /fee X is listed twice/],
    ] as [string, ProcedureInformation, RegExp][])('refuses %s', (_, info, problem) => {
      expect(levelProblems(info, known)).toEqual([expect.stringMatching(problem)]);
    });

    it('judges an incomplete draft only on what it has', () => {
      expect(levelProblems({ level: 3 }, known)).toEqual([]);
      expect(levelProblems({ level: 3, receiving: ['in_person'] }, known)).toEqual(['a level 3 procedure receives dossiers online']);
    });
  });
});
