import { ApiError } from '../errors/api-error';
import { assertDeclaredTypeAgrees } from './file-type-agreement';

const codeOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
};

describe(assertDeclaredTypeAgrees.name, () => {
  it.each([
    ['application/pdf', 'application/pdf', 'scan.pdf'],
    ['image/png', 'image/png', 'photo.PNG'],
    ['image/jpeg', 'image/jpg', 'photo.jpeg'],
    ['image/jpeg', 'image/jpeg; charset=binary', 'photo.jpg'],
    ['application/pdf', 'application/octet-stream', 'scan'],
    ['application/pdf', undefined, undefined],
  ] as const)('accepts %s declared as %s named %s', (detected, declared, name) => {
    expect(codeOf(() => assertDeclaredTypeAgrees(detected, declared, name))).toBeUndefined();
  });

  it.each([
    ['image/png', 'application/pdf', 'scan.pdf'],
    ['image/png', 'application/pdf', 'photo.png'],
    ['application/pdf', 'application/pdf', 'photo.png'],
    ['application/pdf', 'application/octet-stream', 'scan.exe'],
    ['application/pdf', 'text/plain', 'scan.pdf'],
  ] as const)('refuses %s declared as %s named %s', (detected, declared, name) => {
    expect(codeOf(() => assertDeclaredTypeAgrees(detected, declared, name))).toBe('415 FILE_TYPE_MISMATCH');
  });
});
