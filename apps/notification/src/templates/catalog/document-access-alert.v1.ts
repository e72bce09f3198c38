import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const documentAccessAlert = defineTemplate({
  key: 'document-access-alert',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'at'],
  vi: {
    subject: "{{ agencyName }} đã sử dụng giấy tờ của Quý ông/bà",
    text: `Kính gửi Quý ông/bà,

Lúc {{ at | datetime }}, {{ agencyName }} đã sử dụng lại một giấy tờ trong kho dữ liệu của Quý ông/bà cho hồ sơ {{ dossierLabel }}, nên Quý ông/bà không phải nộp lại.
Nếu không phải Quý ông/bà nộp hồ sơ này, hãy xem nhật ký truy cập tại {{ dossierLink }}
Tắt loại thông báo này tại {{ settingsLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>Lúc {{ at | datetime }}, {{ agencyName }} đã sử dụng lại một giấy tờ trong kho dữ liệu của Quý ông/bà cho hồ sơ <strong>{{ dossierLabel }}</strong>, nên Quý ông/bà không phải nộp lại.</p>
<p>Nếu không phải Quý ông/bà nộp hồ sơ này, hãy <a href="{{ dossierLink }}">xem hồ sơ</a>.</p>
<p><a href="{{ settingsLink }}">Tắt loại thông báo này</a></p>`,
    sms: "Giay to cua Quy ong/ba vua duoc su dung lai cho ho so {{ dossierLabel }}.",
  },
  en: {
    subject: "{{ agencyName }} used one of your documents",
    text: `Dear citizen,

At {{ at | datetime }}, {{ agencyName }} reused a document from your vault for dossier {{ dossierLabel }}, so you did not have to hand it in again.
If you did not apply, see the dossier at {{ dossierLink }}
Switch these alerts off at {{ settingsLink }}`,
    html: `<p>Dear citizen,</p>
<p>At {{ at | datetime }}, {{ agencyName }} reused a document from your vault for dossier <strong>{{ dossierLabel }}</strong>, so you did not have to hand it in again.</p>
<p>If you did not apply, <a href="{{ dossierLink }}">see the dossier</a>.</p>
<p><a href="{{ settingsLink }}">Switch these alerts off</a></p>`,
    sms: "One of your documents was reused for dossier {{ dossierLabel }}.",
  },
});
