import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const dossierReceived = defineTemplate({
  key: 'dossier-received',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'appointmentDate'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }} đã được tiếp nhận",
    text: `Kính gửi Quý ông/bà,

{{ agencyName }} đã tiếp nhận hồ sơ của Quý ông/bà.
Mã hồ sơ: {{ dossierLabel }}
Ngày hẹn trả kết quả: {{ appointmentDate | date }}

Theo dõi hồ sơ tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>{{ agencyName }} đã tiếp nhận hồ sơ của Quý ông/bà.</p>
<ul><li>Mã hồ sơ: <strong>{{ dossierLabel }}</strong></li><li>Ngày hẹn trả kết quả: <strong>{{ appointmentDate | date }}</strong></li></ul>
<p><a href="{{ dossierLink }}">Theo dõi hồ sơ</a></p>`,
    sms: "Ho so {{ dossierLabel }} da duoc tiep nhan. Hen tra ket qua {{ appointmentDate | date }}.",
  },
  en: {
    subject: "Your dossier {{ dossierLabel }} has been received",
    text: `Dear citizen,

{{ agencyName }} has received your dossier.
Dossier code: {{ dossierLabel }}
Result due on: {{ appointmentDate | date }}

Follow your dossier at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>{{ agencyName }} has received your dossier.</p>
<ul><li>Dossier code: <strong>{{ dossierLabel }}</strong></li><li>Result due on: <strong>{{ appointmentDate | date }}</strong></li></ul>
<p><a href="{{ dossierLink }}">Follow your dossier</a></p>`,
    sms: "Dossier {{ dossierLabel }} received. Result due {{ appointmentDate | date }}.",
  },
});
