import type { Role } from '@app/platform';

export interface NavigationItem {
  readonly href: string;
  readonly label: string;
  readonly current: boolean;
}

const ITEMS: Record<Role | 'visitor', readonly { href: string; label: string }[]> = {
  visitor: [
    { href: '/', label: 'nav.procedures' },
    { href: '/verify', label: 'nav.verify' },
  ],
  citizen: [
    { href: '/', label: 'nav.procedures' },
    { href: '/dossiers', label: 'nav.dossiers' },
    { href: '/documents', label: 'nav.documents' },
    { href: '/access-log', label: 'nav.accessLog' },
    { href: '/inbox', label: 'nav.inbox' },
    { href: '/settings/notifications', label: 'nav.preferences' },
  ],
  officer: [
    { href: '/desk', label: 'nav.desk' },
    { href: '/', label: 'nav.procedures' },
    { href: '/verify', label: 'nav.verify' },
  ],
  admin: [
    { href: '/admin', label: 'nav.admin' },
    { href: '/', label: 'nav.procedures' },
  ],
};

/** The menu of who is logged in; the current section is marked for screen readers (aria-current). */
export function navigationFor(role: Role | undefined, path: string): NavigationItem[] {
  return ITEMS[role ?? 'visitor'].map((item) => ({
    ...item,
    current: item.href === '/' ? path === '/' || path.startsWith('/procedures') : path === item.href || path.startsWith(`${item.href}/`),
  }));
}
