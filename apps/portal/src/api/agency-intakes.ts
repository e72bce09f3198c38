import type { ProcedureView } from './views';

const CATALOG_TTL_MS = 60_000;
const REMEMBERED_DOSSIERS = 10_000;

/**
 * The agencies this portal serves and where their intakes are (INTAKE_URLS). The catalog is
 * public and changes rarely, so it is kept for a minute; which intake holds a dossier never
 * changes, so it is remembered (boundedly) to save asking every intake again.
 */
export class AgencyIntakes {
  private cached: { at: number; procedures: Promise<ProcedureView[]> } | undefined;
  private readonly dossierAgencies = new Map<string, string>();

  constructor(private readonly urls: ReadonlyMap<string, string>) {}

  get agencies(): string[] {
    return [...this.urls.keys()];
  }

  serves(agency: string): boolean {
    return this.urls.has(agency);
  }

  urlOf(agency: string): string {
    const url = this.urls.get(agency);
    if (!url) throw new Error(`no intake configured for agency ${agency}`);
    return url;
  }

  /** One agency's unavailable catalog leaves the others' on the page. */
  catalog(load: (agency: string) => Promise<ProcedureView[]>): Promise<ProcedureView[]> {
    if (this.cached && Date.now() - this.cached.at < CATALOG_TTL_MS) return this.cached.procedures;
    const procedures = Promise.allSettled(this.agencies.map(load)).then((results) => {
      const loaded = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
      // A partial catalog is not kept: the next page asks the missing agency again.
      if (results.some((result) => result.status === 'rejected')) this.cached = undefined;
      return loaded;
    });
    this.cached = { at: Date.now(), procedures };
    return procedures;
  }

  agencyOfDossier(id: string): string | undefined {
    return this.dossierAgencies.get(id);
  }

  remember(id: string, agency: string): void {
    if (this.dossierAgencies.size >= REMEMBERED_DOSSIERS) this.dossierAgencies.delete(this.dossierAgencies.keys().next().value!);
    this.dossierAgencies.set(id, agency);
  }
}
