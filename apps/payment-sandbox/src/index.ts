export * from './sandbox-gateway.server';
