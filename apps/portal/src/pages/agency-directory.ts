import type { PlatformApi, Page } from '../api/platform-api';

const TTL_MS = 10 * 60_000;

interface Cached<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

/**
 * Names for codes, from the vault's public reference data: agencies (the directory) and
 * document types. They change rarely, so they are kept ten minutes; a code the vault does not
 * know is shown as itself.
 */
export class AgencyDirectory {
  private readonly agencies = new Map<string, Cached<string | undefined>>();
  private documentTypes: Cached<Record<string, string>> | undefined;

  constructor(private readonly api: PlatformApi) {}

  async names(codes: readonly string[]): Promise<Record<string, string>> {
    const entries = await Promise.all(codes.map(async (code) => [code, await this.agencyName(code)] as const));
    return Object.fromEntries(entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
  }

  async documentTypeNames(): Promise<Record<string, string>> {
    if (!this.documentTypes || Date.now() - this.documentTypes.at > TTL_MS) {
      const value = this.api
        .call<Page<{ code: string; nameVi: string }>>('GET', this.api.vault('/document-types?limit=200'))
        .then((page) => Object.fromEntries(page.items.map((type) => [type.code, type.nameVi])));
      value.catch(() => (this.documentTypes = undefined));
      this.documentTypes = { at: Date.now(), value };
    }
    return this.documentTypes.value.catch(() => ({}));
  }

  private agencyName(code: string): Promise<string | undefined> {
    const cached = this.agencies.get(code);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
    const value = this.api.call<{ nameVi: string }>('GET', this.api.vault(`/directory/agencies/${encodeURIComponent(code)}`)).then(
      (agency) => agency.nameVi,
      () => {
        this.agencies.delete(code);
        return undefined;
      },
    );
    this.agencies.set(code, { at: Date.now(), value });
    return value;
  }
}
