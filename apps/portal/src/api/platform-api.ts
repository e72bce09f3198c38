import { type ServiceClient, ServiceRefusal } from './service-client';
import type { AgencyIntakes } from './agency-intakes';
import type { DossierView, ProcedureView, QueueItem } from './views';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** An action from a form: the form's one-time key makes a double submit apply once. */
export interface Submission {
  readonly token: string;
  readonly idempotencyKey?: string;
}

/**
 * The services' HTTP APIs as the portal uses them. Every call that acts for a user carries
 * that user's own token: the services decide what they may see and do, the portal only
 * shows it. Which intake holds a dossier is found by asking them (each answers 404 for
 * dossiers not its own, or not the caller's).
 */
export class PlatformApi {
  constructor(
    private readonly client: ServiceClient,
    readonly intakes: AgencyIntakes,
    private readonly urls: { readonly vault: string; readonly payment: string; readonly notification: string },
  ) {}

  call<T>(method: string, url: string, options: Parameters<ServiceClient['call']>[2] = {}): Promise<T> {
    return this.client.call<T>(method, url, options);
  }

  fetchFile(url: string, token?: string): Promise<Response> {
    return this.client.fetchFile(url, token);
  }

  vault(path: string): string {
    return `${this.urls.vault}${path}`;
  }

  payment(path: string): string {
    return `${this.urls.payment}${path}`;
  }

  notification(path: string): string {
    return `${this.urls.notification}${path}`;
  }

  intake(agency: string, path: string): string {
    return `${this.intakes.urlOf(agency)}${path}`;
  }

  /** Every published procedure of every agency the portal serves, with its Level 1 information. */
  async procedures(): Promise<ProcedureView[]> {
    return this.intakes.catalog(async (agency) => {
      const page = await this.client.call<Page<{ code: string }>>('GET', this.intake(agency, '/procedures?limit=200'));
      return Promise.all(page.items.map((item) => this.procedure(agency, item.code)));
    });
  }

  async procedure(agency: string, code: string): Promise<ProcedureView> {
    const view = await this.client.call<Omit<ProcedureView, 'agencyCode'>>('GET', this.intake(agency, `/procedures/${encodeURIComponent(code)}`));
    return { ...view, agencyCode: agency };
  }

  /** The dossier and the intake that holds it, or a 404 refusal when no intake shows it to this caller. */
  async findDossier(id: string, token: string): Promise<{ agency: string; dossier: DossierView }> {
    const known = this.intakes.agencyOfDossier(id);
    const candidates = known ? [known] : this.intakes.agencies;
    const found = await Promise.all(
      candidates.map((agency) =>
        this.client.call<DossierView>('GET', this.intake(agency, `/dossiers/${encodeURIComponent(id)}`), { token }).then(
          (dossier) => ({ agency, dossier }),
          (error: unknown) => {
            if (error instanceof ServiceRefusal && (error.status === 404 || error.status === 400)) return undefined;
            throw error;
          },
        ),
      ),
    );
    const hit = found.find((entry) => entry !== undefined);
    if (!hit) throw new ServiceRefusal(404, 'DOSSIER_NOT_FOUND', 'No such dossier.', undefined);
    this.intakes.remember(id, hit.agency);
    return hit;
  }

  async dossiersOf(token: string): Promise<(DossierView & { agencyCode: string })[]> {
    const pages = await Promise.all(
      this.intakes.agencies.map(async (agency) => {
        const page = await this.client.call<Page<DossierView>>('GET', this.intake(agency, '/dossiers?limit=100'), { token });
        return page.items.map((dossier) => ({ ...dossier, agencyCode: agency }));
      }),
    );
    return pages.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  queue(agency: string, token: string, status?: string): Promise<Page<QueueItem>> {
    const query = new URLSearchParams({ limit: '100', ...(status ? { status } : {}) });
    return this.client.call<Page<QueueItem>>('GET', this.intake(agency, `/desk/queue?${query.toString()}`), { token });
  }

  /** POST an action to a service for a user, with the form's idempotency key. */
  act<T>(url: string, submission: Submission, json: unknown = {}): Promise<T> {
    return this.client.call<T>('POST', url, { token: submission.token, json, ...(submission.idempotencyKey ? { idempotencyKey: submission.idempotencyKey } : {}) });
  }
}
