import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const dossierOverdue = defineTemplate({
  key: 'dossier-overdue',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'previousAppointmentDate', 'newAppointmentDate'],
  vi: {
    subject: "Xin lỗi: hồ sơ {{ dossierLabel }} trễ hẹn",
    text: `Kính gửi Quý ông/bà,

{{ agencyName }} xin lỗi Quý ông/bà vì hồ sơ {{ dossierLabel }} chưa có kết quả đúng ngày hẹn {{ previousAppointmentDate | date }}.
Ngày hẹn trả kết quả mới: {{ newAppointmentDate | date }}.

Theo dõi hồ sơ tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>{{ agencyName }} xin lỗi Quý ông/bà vì hồ sơ <strong>{{ dossierLabel }}</strong> chưa có kết quả đúng ngày hẹn {{ previousAppointmentDate | date }}.</p>
<p>Ngày hẹn trả kết quả mới: <strong>{{ newAppointmentDate | date }}</strong>.</p>
<p><a href="{{ dossierLink }}">Theo dõi hồ sơ</a></p>`,
    sms: "Xin loi: ho so {{ dossierLabel }} tre hen. Hen moi {{ newAppointmentDate | date }}.",
  },
  en: {
    subject: "We are sorry: dossier {{ dossierLabel }} is late",
    text: `Dear citizen,

{{ agencyName }} apologises: dossier {{ dossierLabel }} has no result by its appointment on {{ previousAppointmentDate | date }}.
New date for the result: {{ newAppointmentDate | date }}.

Follow your dossier at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>{{ agencyName }} apologises: dossier <strong>{{ dossierLabel }}</strong> has no result by its appointment on {{ previousAppointmentDate | date }}.</p>
<p>New date for the result: <strong>{{ newAppointmentDate | date }}</strong>.</p>
<p><a href="{{ dossierLink }}">Follow your dossier</a></p>`,
    sms: "Sorry: dossier {{ dossierLabel }} is late. New date {{ newAppointmentDate | date }}.",
  },
});
