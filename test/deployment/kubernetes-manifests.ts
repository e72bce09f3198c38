import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/** One object of a rendered manifest, as far as these checks read it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** The kubectl these checks run; `KUBECTL` names another one. */
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/**
 * Runs kubectl and returns what it printed. Without kubectl this throws one line that says
 * so: a check that cannot render the manifests has failed, it is not skipped.
 */
export function kubectl(args: readonly string[]): string {
  try {
    return execFileSync(KUBECTL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error(`${KUBECTL} was not found: the Kubernetes manifests are rendered with \`kubectl kustomize\` (kubectl 1.27 or later; set KUBECTL to use another)`, { cause: error });
    }
    throw new Error(`kubectl ${args.join(' ')} failed: ${(failure.stderr ?? failure.message).trim().split('\n')[0]}`, { cause: error });
  }
}

/** `kubectl kustomize <folder>`: the manifests exactly as `kubectl apply -k` would send them, rendered offline. */
export function renderKustomization(folder: string): KubernetesObject[] {
  return parseManifests(kubectl(['kustomize', folder]), `kubectl kustomize ${folder}`);
}

/** Every document of a multi-document YAML text, refusing one that is not a Kubernetes object. */
export function parseManifests(text: string, where: string): KubernetesObject[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0) throw new Error(`${where}, document ${index + 1}: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return [];
    return [asKubernetesObject(value, `${where}, document ${index + 1}`)];
  });
}

function asKubernetesObject(value: unknown, where: string): KubernetesObject {
  const object = value as Partial<KubernetesObject> | null;
  if (typeof object !== 'object' || object === null || Array.isArray(object)) throw new Error(`${where}: not a mapping`);
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') throw new Error(`${where}: no apiVersion or kind`);
  if (typeof object.metadata?.name !== 'string') throw new Error(`${where}: ${object.kind} without metadata.name`);
  return object as KubernetesObject;
}

const GROUP_VERSION = /^(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

interface ModelClass {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  new (data: unknown): { validate(): void };
}

/**
 * Checks an object against the Kubernetes OpenAPI schema of its apiVersion and kind, with
 * kubernetes-models: the model class of that kind is constructed from it and validated
 * (types, required fields, enums and formats). A kind that has no model, a typo or a custom
 * resource, is refused too: nothing goes unchecked. Unknown fields are not caught here, since
 * Kubernetes' schemas allow them; the API server's strict field validation refuses them.
 */
export async function validateKubernetesObject(object: KubernetesObject): Promise<void> {
  const name = `${object.kind} ${object.metadata.name}`;
  const groupVersion = GROUP_VERSION.exec(object.apiVersion);
  if (!groupVersion || !KIND.test(object.kind)) throw new Error(`${name}: ${object.apiVersion} ${object.kind} is not a Kubernetes apiVersion and kind`);
  const [, group, version] = groupVersion;
  let model: ModelClass | undefined;
  try {
    const module = (await import(`kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`)) as Record<string, ModelClass | undefined>;
    model = module[object.kind];
  } catch {
    model = undefined;
  }
  // A module of that name may hold a part of a kind (DeploymentSpec): only a kind has both statics.
  if (!model || model.apiVersion !== object.apiVersion || model.kind !== object.kind) {
    throw new Error(`${name}: no Kubernetes model for ${object.apiVersion} ${object.kind} (an unknown kind, or a custom resource)`);
  }
  try {
    new model(object).validate();
  } catch (error) {
    throw new Error(`${name} is not a valid ${object.apiVersion} ${object.kind}: ${(error as Error).message}`, { cause: error });
  }
}
