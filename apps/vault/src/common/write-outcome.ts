/** What an idempotent upsert did; only `created` and `changed` are announced. */
export type WriteOutcome = 'created' | 'changed' | 'unchanged';
