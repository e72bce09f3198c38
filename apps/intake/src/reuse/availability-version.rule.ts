/**
 * Which availability record of a document the index keeps: the one with the highest version.
 * The vault gives each record of a document the next version, under the document's lock, so
 * the highest version is always its latest decision, whatever order records arrive in: a
 * relay handover that sends a batch late, a duplicate, or an older record replayed from
 * another copy of the topic can never make a withdrawn document reusable again.
 *
 * An equal version is the same record again and changes nothing. A document the index does
 * not hold yet takes any record.
 */
export function supersedes(incoming: number, indexed: number | undefined): boolean {
  return indexed === undefined || incoming > indexed;
}

/** The same rule for the index's upsert, as its ON CONFLICT … WHERE condition. */
export const SUPERSEDES_INDEXED_ROW = 'excluded.version > reusable_document.version';
