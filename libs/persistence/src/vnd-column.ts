import type { ValueTransformer } from 'typeorm';

/**
 * A whole-đồng amount in a `bigint` column. pg hands bigints back as strings; this column
 * turns them into numbers and refuses any that a number cannot hold exactly, so money never
 * passes through floating point. Per column, not a global type parser: that would also change
 * every bigint id.
 */
export const VND_COLUMN: ValueTransformer = {
  to: (value: number | null | undefined) => {
    if (value !== null && value !== undefined && !Number.isSafeInteger(value)) throw new RangeError(`${value} is not a whole number of đồng`);
    return value;
  },
  from: (value: string | null) => {
    if (value === null) return null;
    const amount = Number(value);
    if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${value} does not fit a safe integer`);
    return amount;
  },
};
