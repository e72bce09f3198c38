import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const resultDelivered = defineTemplate({
  key: 'result-delivered',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }} đã trả kết quả",
    text: `Kính gửi Quý ông/bà,

{{ agencyName }} đã trả kết quả hồ sơ {{ dossierLabel }}. Cảm ơn Quý ông/bà đã sử dụng dịch vụ công.

Xem hồ sơ tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>{{ agencyName }} đã trả kết quả hồ sơ <strong>{{ dossierLabel }}</strong>. Cảm ơn Quý ông/bà đã sử dụng dịch vụ công.</p>
<p><a href="{{ dossierLink }}">Xem hồ sơ</a></p>`,
    sms: "Ho so {{ dossierLabel }} da tra ket qua. Cam on Quy ong/ba.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }}: result handed over",
    text: `Dear citizen,

{{ agencyName }} has handed over the result of dossier {{ dossierLabel }}. Thank you for using the public service.

See your dossier at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>{{ agencyName }} has handed over the result of dossier <strong>{{ dossierLabel }}</strong>. Thank you for using the public service.</p>
<p><a href="{{ dossierLink }}">See your dossier</a></p>`,
    sms: "Dossier {{ dossierLabel }}: result handed over. Thank you.",
  },
});
