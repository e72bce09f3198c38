import { diag, DiagLogLevel, trace, type DiagLogger } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';

export interface Tracing {
  /** Flushes spans still buffered; called last on shutdown. */
  stop(): Promise<void>;
}

/** Requests that say nothing about a citizen's action: probes and scrapes would drown the traces. */
const UNTRACED_PATHS = ['/health', '/metrics'];

let running: Tracing | undefined;

/**
 * Starts OpenTelemetry for this process: HTTP server and client, PostgreSQL, and (through the
 * messaging library's own spans) every Kafka hop. It must run before express, pg or Nest are
 * loaded, which is why each main.ts calls it first and loads the service afterwards.
 *
 * Exporters follow the standard variables (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_ZIPKIN_ENDPOINT,
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME …) so a ministry points them at its own
 * collector. Unlike the SDK's own default (otlp), nothing is exported unless asked for: a
 * service must not spend its time failing to reach a collector nobody configured. Metrics
 * are served by `/metrics` (Prometheus), not pushed, and logs go to stdout.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (running) return running;
  env.OTEL_TRACES_EXPORTER ??= 'none';
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  diag.setLogger(stderrDiagLogger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const exporting = env.OTEL_TRACES_EXPORTER.split(',').some((name) => name.trim() !== 'none');
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    // With no exporter the SDK would register no tracer provider at all, and every span would
    // be a no-op that merely forwards its parent: trace context still has to flow through the
    // outbox and Kafka (for the logs' trace ids, and for a collector added later), so spans stay real.
    ...(exporting ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.some((path) => request.url?.startsWith(path) ?? false),
      }),
      // Statement text is kept (it carries parameters as $1…, never values); values are not.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  running = { stop: () => sdk.shutdown() };
  return running;
}

/** OpenTelemetry's own complaints (an unreachable collector) go to stderr as single lines. */
const stderrDiagLogger: DiagLogger = {
  error: (message) => process.stderr.write(`opentelemetry: ${message}\n`),
  warn: (message) => process.stderr.write(`opentelemetry: ${message}\n`),
  info: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};

/**
 * Sends the spans still buffered (the batch processor exports every few seconds), so the
 * last requests before a shutdown reach the collector. Safe to call when tracing is off.
 */
export async function flushTraces(): Promise<void> {
  const provider = trace.getTracerProvider() as { getDelegate?: () => { forceFlush?: () => Promise<void> } };
  await provider.getDelegate?.().forceFlush?.();
}
