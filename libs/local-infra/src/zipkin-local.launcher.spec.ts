import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { startZipkin, zipkinHandle, zipkinUrlFromEnv } from './zipkin-local.launcher';

describe(zipkinUrlFromEnv.name, () => {
  it('is undefined when ZIPKIN_URL is unset or blank', () => {
    expect(zipkinUrlFromEnv({})).toBeUndefined();
    expect(zipkinUrlFromEnv({ ZIPKIN_URL: '  ' })).toBeUndefined();
  });

  it('drops trailing slashes', () => {
    expect(zipkinUrlFromEnv({ ZIPKIN_URL: 'http://zipkin.internal:9411/' })).toBe('http://zipkin.internal:9411');
  });

  it('rejects what is not an http(s) URL, on one line', () => {
    expect(() => zipkinUrlFromEnv({ ZIPKIN_URL: 'zipkin:9411' })).toThrow(InfrastructureUnavailableError);
    expect(() => zipkinUrlFromEnv({ ZIPKIN_URL: 'not a url' })).toThrow(/^Zipkin: ZIPKIN_URL=not a url is not an http\(s\) URL/);
  });
});

describe(zipkinHandle.name, () => {
  it('derives the spans endpoint from the URL', () => {
    const handle = zipkinHandle('http://127.0.0.1:40000', 'local', () => Promise.resolve());
    expect(handle).toMatchObject({ url: 'http://127.0.0.1:40000', spansEndpoint: 'http://127.0.0.1:40000/api/v2/spans', source: 'local' });
  });
});

describe(startZipkin.name, () => {
  it('starts nothing when ZIPKIN_URL is set', async () => {
    const lines: string[] = [];
    const handle = await startZipkin(
      { stateDir: '/nonexistent/state', log: (line) => lines.push(line) },
      { ZIPKIN_URL: 'http://zipkin.internal:9411' },
    );
    expect(handle).toMatchObject({ source: 'env', url: 'http://zipkin.internal:9411', spansEndpoint: 'http://zipkin.internal:9411/api/v2/spans' });
    await expect(handle.stop()).resolves.toBeUndefined();
    expect(lines).toEqual(['using Zipkin from ZIPKIN_URL (http://zipkin.internal:9411)']);
  });
});
