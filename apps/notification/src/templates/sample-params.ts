import type { TemplateKey } from './template-definition';

const CITIZEN = {
  agencyName: 'Sở Tư pháp thành phố Hà Nội',
  dossierLabel: '000.00.12.H26-261202-0001',
  dossierLink: 'https://dichvucong.example.vn/dossiers/0b6c1d3e-1f5a-4a8e-9c61-2f1b1d9e7a10',
  settingsLink: 'https://dichvucong.example.vn/settings/notifications',
};
const DESK = { agencyName: 'Sở Tư pháp thành phố Hà Nội', dossierLabel: '000.00.12.H26-261202-0001', deskLink: 'https://dichvucong.example.vn/desk/dossiers/0b6c1d3e-1f5a-4a8e-9c61-2f1b1d9e7a10' };

/** Realistic values for every template: the tests render each with them, and a preview could. */
export const SAMPLE_PARAMS: Record<TemplateKey, Record<string, unknown>> = {
  'dossier-received': { ...CITIZEN, appointmentDate: '2026-12-09' },
  'supplement-requested': { ...CITIZEN, missing: 'Bản sao giấy khai sinh <có chứng thực>' },
  'dossier-refused': { ...CITIZEN, reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của Sở.' },
  'payment-requested-online': { ...CITIZEN, amountVnd: 200_000, payLink: 'https://dichvucong.example.vn/dossiers/0b6c1d3e-1f5a-4a8e-9c61-2f1b1d9e7a10/payment' },
  'payment-requested-desk': { ...CITIZEN, amountVnd: 50_000 },
  'payment-completed': { ...CITIZEN, amountVnd: 200_000, paidAt: '2026-12-02T07:30:00Z' },
  'payment-refunded': { ...CITIZEN, amountVnd: 200_000, refundedAt: '2026-12-03T02:05:00Z' },
  'result-ready': { ...CITIZEN, returnChannel: 'online' },
  'result-delivered': { ...CITIZEN },
  'dossier-overdue': { ...CITIZEN, previousAppointmentDate: '2026-12-09', newAppointmentDate: '2026-12-16' },
  'rating-invitation': { ...CITIZEN, ratingLink: 'https://dichvucong.example.vn/dossiers/0b6c1d3e-1f5a-4a8e-9c61-2f1b1d9e7a10/rating' },
  'document-access-alert': { ...CITIZEN, at: '2026-12-02T03:15:00Z' },
  'officer-new-dossier': { ...DESK, procedureCode: 'JUS-CRIMINAL-RECORD', submittedAt: '2026-12-02T01:00:00Z' },
  'officer-due-soon': { ...DESK, appointmentDate: '2026-12-03' },
  digest: { count: 3, items: [{ subject: 'Hồ sơ A đã được tiếp nhận' }, { subject: 'Hồ sơ B cần bổ sung' }, { subject: 'Hồ sơ C đã có kết quả' }], settingsLink: CITIZEN.settingsLink },
};
