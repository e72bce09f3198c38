export * from './dev-mailbox.server';
export * from './dev-sms.server';
