/**
 * Set by the dead-letter replay command on the record it puts back on the original topic
 * (`<dead-letter topic>/<partition>@<offset>`): it is what lets a consumer try again an event
 * its inbox records as dead-lettered, which a plain redelivery must not.
 */
export const REPLAYED_FROM_HEADER = 'replayed-from';

/** Headers the consumer adds to a dead letter; a replay strips them. */
export const DEAD_LETTER_HEADER_PREFIX = 'dlt-';

/**
 * On a dead letter that could not carry the whole original (a record near the broker's size
 * limit): what it leaves out. A replay refuses such a letter; the original is on its topic.
 */
export const OMITTED_HEADER = 'dlt-omitted';
