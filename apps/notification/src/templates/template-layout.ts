import type { Language } from './template-definition';

const FOOTER: Record<Language, string> = {
  vi: 'Đây là thư tự động của Cổng dịch vụ công; xin đừng trả lời thư này. Thay đổi cách nhận thông báo tại <a href="{{ settingsLink }}">{{ settingsLink }}</a>.',
  en: 'This is an automated message from the public service portal; please do not reply. Change how you are notified at <a href="{{ settingsLink }}">{{ settingsLink }}</a>.',
};
const DESK_FOOTER: Record<Language, string> = {
  vi: 'Thư tự động của Cổng dịch vụ công gửi bộ phận một cửa.',
  en: 'An automated message from the public service portal to the one-stop desk.',
};

/** The HTML every email shares around its body: language, title, and the footer that says how to stop it. */
export function layout(language: Language, body: string, desk: boolean): string {
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ subject }}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1b; max-width: 40em">
<main>
${body}
</main>
<footer><p style="color: #505050; font-size: 0.9em">${desk ? DESK_FOOTER[language] : FOOTER[language]}</p></footer>
</body>
</html>`;
}
