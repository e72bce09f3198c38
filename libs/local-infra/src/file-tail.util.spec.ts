import { mostTellingJavaLine, mostTellingLine, mostTellingMavenLine } from './file-tail.util';

describe(mostTellingLine.name, () => {
  it('picks the last error line over later noise', () => {
    const tail = ['INFO starting', 'ERROR Exiting Kafka due to fatal exception', 'INFO shutting down', ''].join('\n');
    expect(mostTellingLine(tail)).toBe('ERROR Exiting Kafka due to fatal exception');
  });

  it('falls back to the last line', () => {
    expect(mostTellingLine('a\nb\n\n')).toBe('b');
  });
});

describe(mostTellingJavaLine.name, () => {
  it('names the root cause of a stack trace rather than the framework ERROR line', () => {
    const tail = [
      'ERROR [/] 1 --- [main] o.s.b.SpringApplication : Application run failed',
      "org.springframework.context.ApplicationContextException: Failed to start bean 'armeriaServerGracefulShutdownLifecycle'",
      '\tat org.springframework.context.support.DefaultLifecycleProcessor.doStart(DefaultLifecycleProcessor.java:405)',
      'Caused by: java.lang.IllegalStateException: Armeria server failed to start',
      'Caused by: io.netty.channel.unix.Errors$NativeIoException: bind(..) failed with error(-98): Address already in use',
      '\t... 21 more',
    ].join('\n');
    expect(mostTellingJavaLine(tail)).toBe(
      'Caused by: io.netty.channel.unix.Errors$NativeIoException: bind(..) failed with error(-98): Address already in use',
    );
  });

  it('falls back to the last error line', () => {
    expect(mostTellingJavaLine('INFO a\nERROR b\nINFO c')).toBe('ERROR b');
  });
});

describe(mostTellingMavenLine.name, () => {
  it('picks the first [ERROR] line over the boilerplate after it', () => {
    const output = [
      '\x1b[0m\x1b[0m[ERROR] Failed to execute goal on project zipkin-server-dist: Could not resolve dependencies: io.zipkin:zipkin-server:jar:exec:9.9.9 was not found',
      '[ERROR] ',
      '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.',
      '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException',
    ].join('\n');
    expect(mostTellingMavenLine(output)).toBe(
      '[ERROR] Failed to execute goal on project zipkin-server-dist: Could not resolve dependencies: io.zipkin:zipkin-server:jar:exec:9.9.9 was not found',
    );
  });

  it('falls back to the last line without an [ERROR] line', () => {
    expect(mostTellingMavenLine('Killed\n')).toBe('Killed');
  });
});
