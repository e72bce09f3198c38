import { assertNodeRuntime } from './node-runtime.check';

describe(assertNodeRuntime.name, () => {
  it('accepts Node.js 24 and later', () => {
    expect(() => assertNodeRuntime('24.21.0')).not.toThrow();
    expect(() => assertNodeRuntime('26.1.0')).not.toThrow();
  });

  it('refuses an older Node.js, saying how to get the right one', () => {
    expect(() => assertNodeRuntime('20.20.2')).toThrow(/Node.js 24 or later is needed, and this is 20.20.2: run it through npm/);
    expect(() => assertNodeRuntime('22.12.0')).toThrow(/node_modules\/.bin/);
  });
});
