import { startTracing } from '@app/observability';

// The services under test run in this process: trace them as main.ts would in production,
// so trace propagation is tested on the real OpenTelemetry context.
startTracing('integration-tests');
