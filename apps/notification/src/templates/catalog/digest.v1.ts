import { defineTemplate } from '../template-definition';

export const digest = defineTemplate({
  key: 'digest',
  version: 1,
  placeholders: ['count', 'items', 'settingsLink'],
  vi: {
    subject: "{{ count }} thông báo mới về hồ sơ của Quý ông/bà",
    text: `Kính gửi Quý ông/bà,

Quý ông/bà có {{ count }} thông báo mới:
{% for item in items %}- {{ item.subject }}
{% endfor %}
Để tránh gửi quá nhiều thư, các thông báo được gộp lại. Thay đổi cách nhận thông báo tại {{ settingsLink }}`,
    html: `<p>Kính gửi Quý ông/bà,</p>
<p>Quý ông/bà có {{ count }} thông báo mới:</p>
<ul>{% for item in items %}<li>{{ item.subject }}</li>{% endfor %}</ul>
<p>Để tránh gửi quá nhiều thư, các thông báo được gộp lại.</p>`,
    sms: "{{ count }} thong bao moi ve ho so: {% for item in items %}{{ item.subject }}; {% endfor %}",
  },
  en: {
    subject: "{{ count }} new messages about your dossiers",
    text: `Dear citizen,

You have {{ count }} new messages:
{% for item in items %}- {{ item.subject }}
{% endfor %}
They were grouped so as not to send you too many. Change how you are notified at {{ settingsLink }}`,
    html: `<p>Dear citizen,</p>
<p>You have {{ count }} new messages:</p>
<ul>{% for item in items %}<li>{{ item.subject }}</li>{% endfor %}</ul>
<p>They were grouped so as not to send you too many.</p>`,
    sms: "{{ count }} new messages about your dossiers: {% for item in items %}{{ item.subject }}; {% endfor %}",
  },
});
