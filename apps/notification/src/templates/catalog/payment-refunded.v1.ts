import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const paymentRefunded = defineTemplate({
  key: 'payment-refunded',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'amountVnd', 'refundedAt'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }}: đã hoàn trả phí, lệ phí",
    text: `Kính gửi Quý ông/bà,

{{ agencyName }} đã hoàn trả {{ amountVnd | vnd }} cho hồ sơ {{ dossierLabel }} lúc {{ refundedAt | datetime }}, qua kênh Quý ông/bà đã thanh toán.

Xem hồ sơ tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>{{ agencyName }} đã hoàn trả <strong>{{ amountVnd | vnd }}</strong> cho hồ sơ <strong>{{ dossierLabel }}</strong> lúc {{ refundedAt | datetime }}, qua kênh Quý ông/bà đã thanh toán.</p>
<p><a href="{{ dossierLink }}">Xem hồ sơ</a></p>`,
    sms: "Ho so {{ dossierLabel }}: da hoan tra {{ amountVnd | vnd }}.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }}: fee refunded",
    text: `Dear citizen,

{{ agencyName }} refunded {{ amountVnd | vnd }} for dossier {{ dossierLabel }} at {{ refundedAt | datetime }}, the way you paid.

See your dossier at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>{{ agencyName }} refunded <strong>{{ amountVnd | vnd }}</strong> for dossier <strong>{{ dossierLabel }}</strong> at {{ refundedAt | datetime }}, the way you paid.</p>
<p><a href="{{ dossierLink }}">See your dossier</a></p>`,
    sms: "Dossier {{ dossierLabel }}: {{ amountVnd | vnd }} refunded.",
  },
});
