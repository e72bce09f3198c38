import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';

describe(InfrastructureUnavailableError.name, () => {
  it('names the component and keeps the message on one line', () => {
    const error = new InfrastructureUnavailableError('Kafka', 'broker failed:\n  Address already in use\r\n', 'line 1\nline 2');
    expect(error.message).toBe('Kafka: broker failed: Address already in use');
    expect(error.component).toBe('Kafka');
    expect(error.detail).toBe('line 1\nline 2');
    expect(error.name).toBe('InfrastructureUnavailableError');
    expect(error).toBeInstanceOf(Error);
  });
});
