import { CITIZEN_PLACEHOLDERS, defineTemplate } from '../template-definition';

export const ratingInvitation = defineTemplate({
  key: 'rating-invitation',
  version: 1,
  placeholders: [...CITIZEN_PLACEHOLDERS, 'ratingLink'],
  vi: {
    subject: "Mời đánh giá việc giải quyết hồ sơ {{ dossierLabel }}",
    text: `Kính gửi Quý ông/bà,

Mời Quý ông/bà đánh giá việc {{ agencyName }} giải quyết hồ sơ {{ dossierLabel }}: rất hài lòng, hài lòng hoặc chưa hài lòng.
Đánh giá tại {{ ratingLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>Mời Quý ông/bà đánh giá việc {{ agencyName }} giải quyết hồ sơ <strong>{{ dossierLabel }}</strong>: rất hài lòng, hài lòng hoặc chưa hài lòng.</p>
<p><a href="{{ ratingLink }}">Đánh giá</a></p>`,
    sms: "Moi danh gia viec giai quyet ho so {{ dossierLabel }} tren Cong dich vu cong.",
  },
  en: {
    subject: "How was dossier {{ dossierLabel }} handled?",
    text: `Dear citizen,

Please rate how {{ agencyName }} handled dossier {{ dossierLabel }}: very satisfied, satisfied or not satisfied.
Rate it at {{ ratingLink }}`,
    html: `<p>Dear citizen,</p>
<p>Please rate how {{ agencyName }} handled dossier <strong>{{ dossierLabel }}</strong>: very satisfied, satisfied or not satisfied.</p>
<p><a href="{{ ratingLink }}">Rate it</a></p>`,
    sms: "Please rate how dossier {{ dossierLabel }} was handled, on the public service portal.",
  },
});
