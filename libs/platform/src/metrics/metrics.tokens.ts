export const METRICS_TOKEN = Symbol('METRICS_TOKEN');
