import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const paymentRequestedOnline = defineTemplate({
  key: 'payment-requested-online',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'amountVnd', 'payLink'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }}: mời thanh toán phí, lệ phí trực tuyến",
    text: `Kính gửi Quý ông/bà,

Hồ sơ {{ dossierLabel }} tại {{ agencyName }} cần thanh toán {{ amountVnd | vnd }}.
Thanh toán trực tuyến tại {{ payLink }}

Hồ sơ được tiếp tục giải quyết ngay khi nhận được thanh toán.`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>Hồ sơ <strong>{{ dossierLabel }}</strong> tại {{ agencyName }} cần thanh toán <strong>{{ amountVnd | vnd }}</strong>.</p>
<p><a href="{{ payLink }}">Thanh toán trực tuyến</a></p>
<p>Hồ sơ được tiếp tục giải quyết ngay khi nhận được thanh toán.</p>`,
    sms: "Ho so {{ dossierLabel }}: moi thanh toan {{ amountVnd | vnd }} truc tuyen tren Cong dich vu cong.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }}: please pay the fee online",
    text: `Dear citizen,

Dossier {{ dossierLabel }} at {{ agencyName }} has a fee of {{ amountVnd | vnd }} to pay.
Pay online at {{ payLink }}

Processing resumes as soon as the payment arrives.`,
    html: `<p>Dear citizen,</p>
<p>Dossier <strong>{{ dossierLabel }}</strong> at {{ agencyName }} has a fee of <strong>{{ amountVnd | vnd }}</strong> to pay.</p>
<p><a href="{{ payLink }}">Pay online</a></p>
<p>Processing resumes as soon as the payment arrives.</p>`,
    sms: "Dossier {{ dossierLabel }}: please pay {{ amountVnd | vnd }} online on the public service portal.",
  },
});
