import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const dossierRefused = defineTemplate({
  key: 'dossier-refused',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'reason'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }} không được tiếp nhận",
    text: `Kính gửi Quý ông/bà,

{{ agencyName }} không tiếp nhận hồ sơ {{ dossierLabel }} của Quý ông/bà.
Lý do: {{ reason }}

Xem hồ sơ tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>{{ agencyName }} không tiếp nhận hồ sơ <strong>{{ dossierLabel }}</strong> của Quý ông/bà.</p>
<p>Lý do: {{ reason }}</p>
<p><a href="{{ dossierLink }}">Xem hồ sơ</a></p>`,
    sms: "Ho so {{ dossierLabel }} khong duoc tiep nhan. Xem ly do tren Cong dich vu cong.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }} was not accepted",
    text: `Dear citizen,

{{ agencyName }} did not accept your dossier {{ dossierLabel }}.
Reason: {{ reason }}

See your dossier at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>{{ agencyName }} did not accept your dossier <strong>{{ dossierLabel }}</strong>.</p>
<p>Reason: {{ reason }}</p>
<p><a href="{{ dossierLink }}">See your dossier</a></p>`,
    sms: "Dossier {{ dossierLabel }} was not accepted. See why on the public service portal.",
  },
});
