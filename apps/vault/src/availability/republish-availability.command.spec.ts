import { CommandUsageError } from '@app/platform';
import { parseRepublishArguments } from './republish-availability.command';

describe(parseRepublishArguments.name, () => {
  it.each<[string[], ReturnType<typeof parseRepublishArguments>]>([
    [['--all'], { bodies: 'all', batchSize: 200, drainTimeoutMs: 600_000 }],
    [['--body', '000.00.00.H26'], { bodies: { body: '000.00.00.H26' }, batchSize: 200, drainTimeoutMs: 600_000 }],
    [['--body', '000.00.00.H26', '--batch-size', '50', '--drain-timeout-seconds', '30'], { bodies: { body: '000.00.00.H26' }, batchSize: 50, drainTimeoutMs: 30_000 }],
  ])('reads %j', (args, expected) => {
    expect(parseRepublishArguments(args)).toEqual(expected);
  });

  it.each<[string[], RegExp]>([
    [[], /either --body .* or --all/],
    [['--all', '--body', '000.00.00.H26'], /either --body .* or --all/],
    [['--body'], /--body needs a value/],
    [['--body', '--all'], /--body needs a value/],
    [['--body', 'H26'], /"H26" is not a governing body code/],
    [['--all', '--batch-size', '0'], /--batch-size must be a whole number from 1 to 5000/],
    [['--all', '--batch-size', '2.5'], /--batch-size must be a whole number/],
    [['--all', '--everything'], /unknown argument --everything/],
  ])('refuses %j', (args, message) => {
    expect(() => parseRepublishArguments(args)).toThrow(CommandUsageError);
    expect(() => parseRepublishArguments(args)).toThrow(message);
  });
});
