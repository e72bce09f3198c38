import { mostTellingLine } from './file-tail.util';

describe(mostTellingLine.name, () => {
  it('picks the last error line over later noise', () => {
    const tail = ['INFO starting', 'ERROR Exiting Kafka due to fatal exception', 'INFO shutting down', ''].join('\n');
    expect(mostTellingLine(tail)).toBe('ERROR Exiting Kafka due to fatal exception');
  });

  it('falls back to the last line', () => {
    expect(mostTellingLine('a\nb\n\n')).toBe('b');
  });
});
