import { parseJavaMajorVersion } from './java-runtime.probe';

describe(parseJavaMajorVersion.name, () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_292"', 8],
    ['openjdk version "11.0.2-internal" 2019-01-15', 11],
  ])('reads %s as %i', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('returns undefined for output it does not recognise', () => {
    expect(parseJavaMajorVersion('Picked up JAVA_TOOL_OPTIONS')).toBeUndefined();
  });
});
