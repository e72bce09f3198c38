/** The life of one message (one event, one channel, one recipient), as operators see it. */
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'failed_temporarily', 'failed_permanently'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const CHANNELS = ['email', 'sms', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A citizen (by the vault's opaque reference) or an agency's desk (by its code). */
export type RecipientKind = 'citizen' | 'agency';
