import { defineTemplate, DESK_PLACEHOLDERS } from '../template-definition';

export const officerDueSoon = defineTemplate({
  key: 'officer-due-soon',
  version: 1,
  placeholders: [...DESK_PLACEHOLDERS, 'appointmentDate'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }} sắp đến hạn trả kết quả",
    text: `Kính gửi bộ phận một cửa {{ agencyName }},

Hồ sơ {{ dossierLabel }} hẹn trả kết quả ngày {{ appointmentDate | date }} mà chưa có kết quả. Nếu không kịp, cơ quan cần gửi thư xin lỗi và hẹn lại.

Xử lý tại {{ deskLink }}`,
    html: `<p>Kính gửi bộ phận một cửa {{ agencyName }},</p>
<p>Hồ sơ <strong>{{ dossierLabel }}</strong> hẹn trả kết quả ngày <strong>{{ appointmentDate | date }}</strong> mà chưa có kết quả. Nếu không kịp, cơ quan cần gửi thư xin lỗi và hẹn lại.</p>
<p><a href="{{ deskLink }}">Xử lý hồ sơ</a></p>`,
    sms: "Ho so {{ dossierLabel }} sap den han {{ appointmentDate | date }}.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }} is due soon",
    text: `To the one-stop desk of {{ agencyName }},

Dossier {{ dossierLabel }} is due on {{ appointmentDate | date }} and has no result yet. If it cannot be met, the agency must apologise in writing and set a new date.

Handle it at {{ deskLink }}`,
    html: `<p>To the one-stop desk of {{ agencyName }},</p>
<p>Dossier <strong>{{ dossierLabel }}</strong> is due on <strong>{{ appointmentDate | date }}</strong> and has no result yet. If it cannot be met, the agency must apologise in writing and set a new date.</p>
<p><a href="{{ deskLink }}">Handle it</a></p>`,
    sms: "Dossier {{ dossierLabel }} is due {{ appointmentDate | date }}.",
  },
});
