import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const paymentRequestedDesk = defineTemplate({
  key: 'payment-requested-desk',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'amountVnd'],
  vi: {
    subject: "Hồ sơ {{ dossierLabel }}: mời nộp phí, lệ phí",
    text: `Kính gửi Quý ông/bà,

Hồ sơ {{ dossierLabel }} cần nộp {{ amountVnd | vnd }} tại bộ phận một cửa của {{ agencyName }} (hoặc qua bưu chính nếu Quý ông/bà đã chọn).

Xem hồ sơ tại {{ dossierLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>Hồ sơ <strong>{{ dossierLabel }}</strong> cần nộp <strong>{{ amountVnd | vnd }}</strong> tại bộ phận một cửa của {{ agencyName }} (hoặc qua bưu chính nếu Quý ông/bà đã chọn).</p>
<p><a href="{{ dossierLink }}">Xem hồ sơ</a></p>`,
    sms: "Ho so {{ dossierLabel }}: moi nop {{ amountVnd | vnd }} tai bo phan mot cua.",
  },
  en: {
    subject: "Dossier {{ dossierLabel }}: please pay the fee",
    text: `Dear citizen,

Dossier {{ dossierLabel }} has a fee of {{ amountVnd | vnd }} to pay at the one-stop desk of {{ agencyName }} (or by post, if you chose it).

See your dossier at {{ dossierLink }}`,
    html: `<p>Dear citizen,</p>
<p>Dossier <strong>{{ dossierLabel }}</strong> has a fee of <strong>{{ amountVnd | vnd }}</strong> to pay at the one-stop desk of {{ agencyName }} (or by post, if you chose it).</p>
<p><a href="{{ dossierLink }}">See your dossier</a></p>`,
    sms: "Dossier {{ dossierLabel }}: please pay {{ amountVnd | vnd }} at the one-stop desk.",
  },
});
