import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@app/messaging');

type Headers = Readonly<Record<string, string | Buffer | (string | Buffer)[] | undefined>>;

/**
 * The W3C traceparent of the work in progress (an HTTP request, or an event being handled),
 * read from OpenTelemetry's active context. The outbox stores it with each event, so the
 * relay's publish span, and everything the event causes downstream, joins the same trace.
 */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The trace context a message carries in its headers (W3C `traceparent`, `tracestate`). */
export function contextFromHeaders(headers: Headers) {
  return propagation.extract(ROOT_CONTEXT, headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => {
      const value = carrier[key];
      const first = Array.isArray(value) ? value[0] : value;
      return first === undefined ? undefined : first.toString();
    },
  });
}

/**
 * A PRODUCER span per message, child of the context the outbox row was written in. Its own
 * context replaces the row's `traceparent`, so the consumer's span is the child of the publish.
 */
export function startPublishSpan(topic: string, headers: Record<string, string>, attributes: Attributes): { span: Span; headers: Record<string, string> } {
  const parent = contextFromHeaders(headers);
  const span = tracer.startSpan(`${topic} publish`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send', ...attributes } }, parent);
  const carrier: Record<string, string> = { ...headers };
  delete carrier.tracestate;
  propagation.inject(trace.setSpan(parent, span), carrier);
  return { span, headers: carrier };
}

/** Runs `work` inside a CONSUMER span that continues the message's trace; records its failure. */
export function inConsumerSpan<T>(topic: string, headers: Headers, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = contextFromHeaders(headers);
  return tracer.startActiveSpan(
    `${topic} process`,
    { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'process', ...attributes } },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export function failSpan(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
