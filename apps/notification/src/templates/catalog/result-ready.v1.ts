import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const resultReady = defineTemplate({
  key: 'result-ready',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'returnChannel'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }} đã có kết quả",
    text: `Kính gửi Quý ông/bà,

Hồ sơ {{ dossierLabel }} tại {{ agencyName }} đã có kết quả.
{% if returnChannel == 'online' %}Kết quả điện tử có chữ ký số đã có trong kho dữ liệu của Quý ông/bà; tải về tại {{ dossierLink }}{% elif returnChannel == 'post' %}Kết quả sẽ được gửi đến Quý ông/bà qua bưu chính.{% else %}Mời Quý ông/bà nhận kết quả tại bộ phận một cửa của {{ agencyName }}.{% endif %}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>Hồ sơ <strong>{{ dossierLabel }}</strong> tại {{ agencyName }} đã có kết quả.</p>
<p>{% if returnChannel == 'online' %}Kết quả điện tử có chữ ký số đã có trong kho dữ liệu của Quý ông/bà; tải về tại {{ dossierLink }}{% elif returnChannel == 'post' %}Kết quả sẽ được gửi đến Quý ông/bà qua bưu chính.{% else %}Mời Quý ông/bà nhận kết quả tại bộ phận một cửa của {{ agencyName }}.{% endif %}</p>`,
    sms: "Ho so {{ dossierLabel }} da co ket qua.{% if returnChannel == 'online' %} Tai ve tren Cong dich vu cong.{% elif returnChannel == 'post' %} Ket qua gui qua buu chinh.{% else %} Moi nhan tai bo phan mot cua.{% endif %}",
  },
  en: {
    subject: "The result of dossier {{ dossierLabel }} is ready",
    text: `Dear citizen,

The result of dossier {{ dossierLabel }} at {{ agencyName }} is ready.
{% if returnChannel == 'online' %}The digitally signed electronic result is in your document vault; download it at {{ dossierLink }}{% elif returnChannel == 'post' %}The result will be sent to you by post.{% else %}Please collect the result at the one-stop desk of {{ agencyName }}.{% endif %}`,
    html: `<p>Dear citizen,</p>
<p>The result of dossier <strong>{{ dossierLabel }}</strong> at {{ agencyName }} is ready.</p>
<p>{% if returnChannel == 'online' %}The digitally signed electronic result is in your document vault; download it at {{ dossierLink }}{% elif returnChannel == 'post' %}The result will be sent to you by post.{% else %}Please collect the result at the one-stop desk of {{ agencyName }}.{% endif %}</p>`,
    sms: "The result of dossier {{ dossierLabel }} is ready.{% if returnChannel == 'online' %} Download it on the portal.{% elif returnChannel == 'post' %} It comes by post.{% else %} Collect it at the desk.{% endif %}",
  },
});
