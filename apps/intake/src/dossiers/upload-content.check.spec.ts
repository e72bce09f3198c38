import { forwardedFileName } from './upload-content.check';

describe(forwardedFileName.name, () => {
  it.each([
    ['scan.pdf', 'BIRTH_CERTIFICATE.pdf'],
    ['Giấy khai sinh.PDF', 'BIRTH_CERTIFICATE.PDF'],
    ['../../etc/passwd.pdf', 'BIRTH_CERTIFICATE.pdf'],
    ['C:\\Windows\\x.jpeg', 'BIRTH_CERTIFICATE.jpeg'],
    ['scan\u0000hidden.pdf', 'BIRTH_CERTIFICATE.pdf'],
    ['scan\r\nContent-Type: text/html\r\n.png', 'BIRTH_CERTIFICATE.png'],
    ['a"; filename="evil.pdf', 'BIRTH_CERTIFICATE.pdf'],
    ['scan', 'BIRTH_CERTIFICATE'],
    ['', 'BIRTH_CERTIFICATE'],
    ['scan.p\u0000df', 'BIRTH_CERTIFICATE'],
    [`${'n'.repeat(996)}.pdf`, 'BIRTH_CERTIFICATE.pdf'],
  ])('forwards %j as %j: the extension, never the name', (original, forwarded) => {
    expect(forwardedFileName(original, 'BIRTH_CERTIFICATE')).toBe(forwarded);
  });
});
