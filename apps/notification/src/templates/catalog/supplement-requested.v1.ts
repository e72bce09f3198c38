import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const supplementRequested = defineTemplate({
  key: 'supplement-requested',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'missing'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }} cần bổ sung",
    text: `Kính gửi Quý ông/bà,

{{ agencyName }} đề nghị Quý ông/bà bổ sung hồ sơ {{ dossierLabel }}:
{{ missing }}

Thời hạn giải quyết tạm dừng cho đến khi hồ sơ được bổ sung. Bổ sung tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>{{ agencyName }} đề nghị Quý ông/bà bổ sung hồ sơ <strong>{{ dossierLabel }}</strong>:</p>
<blockquote>{{ missing }}</blockquote>
<p>Thời hạn giải quyết tạm dừng cho đến khi hồ sơ được bổ sung.</p>
<p><a href="{{ dossierLink }}">Bổ sung hồ sơ</a></p>`,
    sms: "Ho so {{ dossierLabel }} can bo sung giay to. Xem chi tiet tren Cong dich vu cong.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }} needs more documents",
    text: `Dear citizen,

{{ agencyName }} asks you to complete dossier {{ dossierLabel }}:
{{ missing }}

The processing time is paused until you do. Complete it at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>{{ agencyName }} asks you to complete dossier <strong>{{ dossierLabel }}</strong>:</p>
<blockquote>{{ missing }}</blockquote>
<p>The processing time is paused until you do.</p>
<p><a href="{{ dossierLink }}">Complete your dossier</a></p>`,
    sms: "Dossier {{ dossierLabel }} needs more documents. Details on the public service portal.",
  },
});
