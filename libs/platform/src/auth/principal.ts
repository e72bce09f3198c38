/** Who is calling, as established from a verified bearer token. */
export type Principal =
  | { readonly role: 'citizen'; readonly subject: string; readonly personalId: string }
  | { readonly role: 'officer'; readonly subject: string; readonly agencyCode: string }
  | { readonly role: 'admin'; readonly subject: string };

export type Role = Principal['role'];

/** Vietnam's personal identification number (số định danh cá nhân): exactly 12 digits. */
export const PERSONAL_ID_PATTERN = /^\d{12}$/;
