import { defineTemplate, DESK_PLACEHOLDERS } from '../template-definition';

export const officerNewDossier = defineTemplate({
  key: 'officer-new-dossier',
  version: 1,
  placeholders: [...DESK_PLACEHOLDERS, 'procedureCode', 'submittedAt'],
  vi: {
    subject: "Hồ sơ mới {{ dossierLabel }} ({{ procedureCode }})",
    text: `Kính gửi bộ phận một cửa {{ agencyName }},

Có hồ sơ mới nộp trực tuyến lúc {{ submittedAt | datetime }}.
Thủ tục: {{ procedureCode }}
Hồ sơ: {{ dossierLabel }}

Tiếp nhận tại {{ deskLink }}`,
    html: `<p>Kính gửi bộ phận một cửa {{ agencyName }},</p>
<p>Có hồ sơ mới nộp trực tuyến lúc {{ submittedAt | datetime }}.</p>
<ul><li>Thủ tục: {{ procedureCode }}</li><li>Hồ sơ: <strong>{{ dossierLabel }}</strong></li></ul>
<p><a href="{{ deskLink }}">Tiếp nhận hồ sơ</a></p>`,
    sms: "Ho so moi {{ dossierLabel }} ({{ procedureCode }}).",
  },
  en: {
    subject: "New dossier {{ dossierLabel }} ({{ procedureCode }})",
    text: `To the one-stop desk of {{ agencyName }},

A dossier was submitted online at {{ submittedAt | datetime }}.
Procedure: {{ procedureCode }}
Dossier: {{ dossierLabel }}

Receive it at {{ deskLink }}`,
    html: `<p>To the one-stop desk of {{ agencyName }},</p>
<p>A dossier was submitted online at {{ submittedAt | datetime }}.</p>
<ul><li>Procedure: {{ procedureCode }}</li><li>Dossier: <strong>{{ dossierLabel }}</strong></li></ul>
<p><a href="{{ deskLink }}">Receive it</a></p>`,
    sms: "New dossier {{ dossierLabel }} ({{ procedureCode }}).",
  },
});
