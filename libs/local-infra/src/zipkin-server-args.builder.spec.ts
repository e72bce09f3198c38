import { buildZipkinJavaArgs, zipkinPortFromCommandLine } from './zipkin-server-args.builder';

describe(buildZipkinJavaArgs.name, () => {
  const args = buildZipkinJavaArgs({ jar: '/d/zipkin-server-3.6.1-exec.jar', port: 40123, dir: '/s/zipkin' });

  it('caps the heap and runs the exec jar', () => {
    expect(args).toContain('-Xmx256m');
    expect(args.slice(args.indexOf('-jar'), args.indexOf('-jar') + 2)).toEqual(['-jar', '/d/zipkin-server-3.6.1-exec.jar']);
  });

  it('binds one complete HTTP port entry to loopback', () => {
    expect(args).toEqual(
      expect.arrayContaining(['--armeria.ports[0].ip=127.0.0.1', '--armeria.ports[0].port=40123', '--armeria.ports[0].protocols[0]=http']),
    );
    expect(args.filter((arg) => arg.startsWith('--armeria.ports[1]'))).toEqual([]);
  });

  it('keeps spans in memory and ignores brokers named in the environment', () => {
    expect(args).toContain('--zipkin.storage.type=mem');
    expect(args).toContain('--zipkin.collector.kafka.enabled=false');
    expect(args).toContain('--zipkin.collector.rabbitmq.enabled=false');
  });

  it('puts JVM options before -jar and Spring arguments after the jar', () => {
    const jarAt = args.indexOf('-jar');
    expect(args.slice(0, jarAt).every((arg) => arg.startsWith('-X') || arg.startsWith('-D'))).toBe(true);
    expect(args.slice(jarAt + 2).every((arg) => arg.startsWith('--'))).toBe(true);
    expect(args).toContain('-Dlocal-infra.zipkin.dir=/s/zipkin');
  });
});

describe(zipkinPortFromCommandLine.name, () => {
  it('reads the port back from a running server command line', () => {
    const commandLine = ['java', ...buildZipkinJavaArgs({ jar: '/j.jar', port: 45678, dir: '/s' })].join(' ');
    expect(zipkinPortFromCommandLine(commandLine)).toBe(45678);
  });

  it('returns undefined for another command line', () => {
    expect(zipkinPortFromCommandLine('java -jar other.jar --server.port=9411')).toBeUndefined();
  });
});
