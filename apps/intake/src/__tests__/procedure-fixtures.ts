import type { DossierComponent, Fee, FormTemplate, ProcedureInformation } from '../procedures/procedure-information';

/** An application form in the catalog's shape: flat fields with Vietnamese titles, `soBanSao` counting copies. */
export function applicationFormFixture(code = 'TK-TEST'): FormTemplate {
  return {
    code,
    kind: 'application',
    titleVi: 'Tờ khai thử nghiệm',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['hoTen', 'soBanSao'],
      properties: {
        hoTen: { type: 'string', title: 'Họ, chữ đệm và tên', minLength: 1, maxLength: 100 },
        personalId: { type: 'string', title: 'Số định danh cá nhân', pattern: '^[0-9]{12}$' },
        ngaySinh: { type: 'string', title: 'Ngày, tháng, năm sinh', format: 'date' },
        loaiPhieu: { type: 'string', title: 'Loại phiếu', enum: ['Phiếu số 1', 'Phiếu số 2'] },
        soBanSao: { type: 'integer', title: 'Số bản sao', minimum: 0, maximum: 20 },
        nhanQuaBuuDien: { type: 'boolean', title: 'Nhận kết quả qua bưu điện' },
        ghiChu: { type: 'string', title: 'Ghi chú', maxLength: 1000 },
      },
    },
  };
}

export function componentsOf(documentTypes: readonly string[], originals = 0): DossierComponent[] {
  return documentTypes.map((documentTypeCode) => ({ documentTypeCode, nameVi: `Giấy tờ ${documentTypeCode}`, originals, copies: 1, required: true }));
}

/**
 * Complete Level 1 information that publishes at its level: L1 and L2 at the desk (L2 with a
 * form to print), L3 online with results at the desk, L4 online throughout.
 */
export function informationFixture(
  options: { level: 1 | 2 | 3 | 4; requiredDocumentTypes?: readonly string[]; fees?: Fee[]; nameVi?: string } & Partial<ProcedureInformation>,
): ProcedureInformation {
  const { level, requiredDocumentTypes = ['IDENTITY_CARD'], nameVi = `Thủ tục thử nghiệm mức ${options.level}`, fees, ...rest } = options;
  return {
    nationalCode: '1.000001',
    nameVi,
    nameEn: `Test procedure, level ${level}`,
    level,
    steps: [
      { order: 1, descriptionVi: 'Nộp hồ sơ.' },
      { order: 2, descriptionVi: 'Nhận kết quả.' },
    ],
    methodVi: level >= 3 ? 'Trực tuyến hoặc trực tiếp.' : 'Trực tiếp.',
    components: componentsOf(requiredDocumentTypes),
    processingWorkingDays: 5,
    subjectsVi: ['Công dân Việt Nam'],
    handlingAgencyVi: 'Sở Tư pháp',
    result: { documentTypeCode: 'CRIMINAL_RECORD_CERTIFICATE', nameVi: 'Phiếu lý lịch tư pháp' },
    forms: level >= 2 ? [applicationFormFixture()] : [],
    requirementsVi: [],
    fees: fees ?? [{ code: 'LE-PHI', nameVi: 'Lệ phí', kind: 'fixed', amountVnd: 1000 * level }],
    receiving: level >= 3 ? ['online', 'in_person'] : ['in_person'],
    returning: level === 4 ? ['online', 'post'] : ['in_person'],
    ...rest,
  };
}
