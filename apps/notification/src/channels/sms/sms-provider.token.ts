/** The SmsProvider this deployment sends through, or null when SMS is off. */
export const SMS_PROVIDER = Symbol('SMS_PROVIDER');
