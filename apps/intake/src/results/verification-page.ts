import type { VerificationView } from './results.service';

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STATUS = {
  valid: { heading: 'Kết quả hợp lệ', detail: 'Văn bản này do cơ quan dưới đây cấp và chưa bị thu hồi.' },
  revoked: { heading: 'Kết quả đã bị thu hồi', detail: 'Văn bản này đã bị cơ quan cấp thu hồi; không sử dụng.' },
} as const;

/**
 * The page the QR code on a result opens: plain HTML, Vietnamese first, readable without
 * scripts or styles from elsewhere (the desk's CSP allows neither). The JSON API at
 * /results/:code says the same for machines.
 */
export function verificationPage(view: VerificationView): string {
  const status = STATUS[view.status];
  const rows: [string, string][] = [
    ['Mã tra cứu', view.verificationCode],
    ['Loại kết quả', view.title],
    ['Số', view.resultNumber],
    ['Cơ quan cấp', `${view.issuer.name} (${view.issuer.agencyCode})`],
    ['Ngày cấp', view.issuedAt],
    ['Hình thức', view.form === 'electronic' ? `Bản điện tử, ký số ${view.signatureProfile ?? ''}` : 'Bản giấy'],
    ...(view.sha256 ? ([['SHA-256 của tệp PDF', view.sha256]] as [string, string][]) : []),
    ...(view.revokedAt ? ([['Thu hồi ngày', view.revokedAt], ['Lý do thu hồi', view.revocationReason ?? '']] as [string, string][]) : []),
  ];
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(status.heading)} – ${escape(view.verificationCode)}</title></head>
<body>
<main>
<h1>${escape(status.heading)}</h1>
<p role="status">${escape(status.detail)}</p>
<table>
<caption>Thông tin kết quả giải quyết thủ tục hành chính</caption>
${rows.map(([label, value]) => `<tr><th scope="row">${escape(label)}</th><td>${escape(value)}</td></tr>`).join('\n')}
</table>
<p lang="en">${view.status === 'valid' ? 'This result is authentic and has not been revoked.' : 'This result has been revoked by its issuer.'}</p>
</main>
</body>
</html>
`;
}
