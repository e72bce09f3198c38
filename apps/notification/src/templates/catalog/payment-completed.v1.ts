import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const paymentCompleted = defineTemplate({
  key: 'payment-completed',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'amountVnd', 'paidAt'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }}: đã nhận thanh toán",
    text: `Kính gửi Quý ông/bà,

{{ agencyName }} đã nhận {{ amountVnd | vnd }} cho hồ sơ {{ dossierLabel }} lúc {{ paidAt | datetime }}. Hồ sơ đang được tiếp tục giải quyết.

Xem hồ sơ và biên lai tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>{{ agencyName }} đã nhận <strong>{{ amountVnd | vnd }}</strong> cho hồ sơ <strong>{{ dossierLabel }}</strong> lúc {{ paidAt | datetime }}. Hồ sơ đang được tiếp tục giải quyết.</p>
<p><a href="{{ dossierLink }}">Xem hồ sơ và biên lai</a></p>`,
    sms: "Ho so {{ dossierLabel }}: da nhan thanh toan {{ amountVnd | vnd }}.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }}: payment received",
    text: `Dear citizen,

{{ agencyName }} received {{ amountVnd | vnd }} for dossier {{ dossierLabel }} at {{ paidAt | datetime }}. Processing continues.

See your dossier and receipt at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>{{ agencyName }} received <strong>{{ amountVnd | vnd }}</strong> for dossier <strong>{{ dossierLabel }}</strong> at {{ paidAt | datetime }}. Processing continues.</p>
<p><a href="{{ dossierLink }}">See your dossier and receipt</a></p>`,
    sms: "Dossier {{ dossierLabel }}: payment of {{ amountVnd | vnd }} received.",
  },
});
