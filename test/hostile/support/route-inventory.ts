import type { RunningService } from '@app/platform';
import { fetchOperations, routeKey, type Operation } from './openapi-operations';

export interface InventoriedRoute {
  readonly method: string;
  /** OpenAPI's template syntax, `{id}`, whichever side the route was found on. */
  readonly path: string;
  /** Absent for a route the service serves but leaves out of its OpenAPI document. */
  readonly operation?: Operation;
}

interface ExpressLayer {
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
}

/**
 * Every route a running service answers: the operations of its OpenAPI document, and the
 * routes Express has that the document leaves out (Swagger UI itself, /metrics, callbacks
 * from gateways and banks under @ApiExcludeController). A route hidden from the document is
 * still a door, so the authorisation matrix classifies it like any other.
 */
export async function routeInventory(service: RunningService): Promise<InventoriedRoute[]> {
  const operations = await fetchOperations(service.url);
  const routes = new Map<string, InventoriedRoute>(operations.map((operation) => [routeKey(operation), { method: operation.method, path: operation.path, operation }]));
  const express = service.app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] } };
  for (const layer of express.router?.stack ?? []) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    const methods = Object.keys(layer.route.methods);
    // Middleware mounted for every method (metrics, tracing) is not a route of its own.
    if (methods.length > 4) continue;
    const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
    for (const method of methods.map((name) => name.toUpperCase())) {
      const key = routeKey({ method, path });
      if (!routes.has(key)) routes.set(key, { method, path });
    }
  }
  return [...routes.values()];
}
