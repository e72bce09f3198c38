/**
 * Raised when a component cannot be had by any route. The message stays on one line
 * (`<component>: <why>`) because launchers print it as a status line; multi-line context
 * such as a log tail goes to `detail`.
 */
export class InfrastructureUnavailableError extends Error {
  override readonly name = 'InfrastructureUnavailableError';

  constructor(
    readonly component: string,
    reason: string,
    readonly detail?: string,
  ) {
    super(`${component}: ${oneLine(reason)}`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
