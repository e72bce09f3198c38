/**
 * The development identity provider's two pages, in Vietnamese like VNeID's. Plain HTML with
 * one stylesheet (IDP_STYLESHEET, served at /assets/idp.css): no script, so no CSP exception.
 */
export interface LoginPageOptions {
  /** Where the form posts; absent when there is nothing left to log in to (an expired interaction). */
  readonly action: string | undefined;
  readonly abort?: string;
  readonly username?: string;
  readonly error?: string;
}

export function loginPage(options: LoginPageOptions): string {
  const error = options.error
    ? `<div class="error-summary" role="alert" aria-labelledby="error-title" tabindex="-1"><h2 id="error-title">Không đăng nhập được</h2><p>${escapeHtml(options.error)}</p></div>`
    : '';
  const form = options.action
    ? `<form method="post" action="${escapeHtml(options.action)}" novalidate>
        <label for="username">Số định danh cá nhân hoặc tên đăng nhập</label>
        <input id="username" name="username" autocomplete="username" spellcheck="false" value="${escapeHtml(options.username ?? '')}"${options.error ? ' aria-describedby="error-title"' : ''} required>
        <label for="password">Mật khẩu</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Đăng nhập</button>
      </form>
      ${options.abort ? `<p><a href="${escapeHtml(options.abort)}">Huỷ và quay lại</a></p>` : ''}`
    : '';
  return page('Đăng nhập — Định danh điện tử (phát triển)', `${error}${form}`);
}

export function logoutPage(providerForm: string): string {
  return page(
    'Đăng xuất — Định danh điện tử (phát triển)',
    `${providerForm}<p>Bạn có muốn đăng xuất khỏi tài khoản định danh điện tử trên thiết bị này?</p>
    <button type="submit" form="op.logoutForm" name="logout" value="yes">Đăng xuất</button>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/idp.css"></head>
<body>
<header><p class="brand">Định danh điện tử — môi trường phát triển</p></header>
<main id="main"><h1>${escapeHtml(title.split(' — ')[0])}</h1>
<p class="notice">Nhà cung cấp định danh dùng cho phát triển và kiểm thử, thay cho VNeID. Không dùng cho dữ liệu thật.</p>
${body}</main>
</body>
</html>`;
}

export const IDP_STYLESHEET = `body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;line-height:1.5;color:#0b0c0c;background:#fff}
header{background:#8c1b13;color:#fff;padding:.75rem 1rem}.brand{margin:0;font-weight:700}
main{max-width:36rem;margin:0 auto;padding:1rem}h1{font-size:2rem;margin:1rem 0}
.notice{border-left:5px solid #505a5f;padding-left:1rem}
label{display:block;font-weight:700;margin-top:1.25rem}input{display:block;box-sizing:border-box;width:100%;font-size:1.1875rem;padding:.4rem;border:2px solid #0b0c0c;margin-top:.25rem}
input:focus,button:focus,a:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
button{margin-top:1.5rem;font-size:1.1875rem;padding:.5rem 1rem;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;cursor:pointer}
a{color:#1d70b8}.error-summary{border:5px solid #d4351c;padding:1rem}.error-summary h2{margin-top:0;font-size:1.5rem}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
