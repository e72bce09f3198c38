import { startTracing } from '@app/observability';

// Imported first by main.ts: http, express and pg are instrumented only if loaded after this.
startTracing('notification');
