import { majorFromInstallPath, pickPostgresBinDir, type PostgresBinCandidate } from './postgres-binaries.locator';

describe(pickPostgresBinDir.name, () => {
  const debian15: PostgresBinCandidate = { dir: '/usr/lib/postgresql/15/bin', major: 15, fromPath: false };
  const debian16: PostgresBinCandidate = { dir: '/usr/lib/postgresql/16/bin', major: 16, fromPath: false };
  const brew: PostgresBinCandidate = { dir: '/opt/homebrew/bin', fromPath: true };

  it('runs an existing cluster with its own major version', () => {
    expect(pickPostgresBinDir([brew, debian16, debian15], 15)).toBe(debian15);
  });

  it('prefers the install on PATH for a new cluster', () => {
    expect(pickPostgresBinDir([debian16, brew])).toBe(brew);
  });

  it('otherwise takes the newest packaged install', () => {
    expect(pickPostgresBinDir([debian15, debian16])).toBe(debian16);
  });

  it('falls back to the default choice when no install matches the data', () => {
    expect(pickPostgresBinDir([debian16], 14)).toBe(debian16);
  });

  it('finds nothing in nothing', () => {
    expect(pickPostgresBinDir([])).toBeUndefined();
  });
});

describe(majorFromInstallPath.name, () => {
  it.each([
    ['/usr/lib/postgresql/15/bin', 15],
    ['/usr/pgsql-16/bin', 16],
    ['/opt/homebrew/Cellar/postgresql@17/17.2/bin', 17],
    ['/usr/local/bin', undefined],
  ])('reads %s as %s', (path, major) => {
    expect(majorFromInstallPath(path)).toBe(major);
  });
});
