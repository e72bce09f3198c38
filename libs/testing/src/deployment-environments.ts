import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The environment each container of an app would get from docker-compose.yml and from the
 * Kubernetes manifests in deploy/k8s, so a unit test can run it through the app's validated
 * configuration class. That is what keeps the deployments in step with the code: a required
 * variable added to an environment class and forgotten in compose or in Kubernetes fails
 * the app's deployment-config spec, not a production rollout.
 *
 * It reads the files as the tools would: YAML anchors and merge keys, compose's
 * `${VAR:-default}` (always the default, so the result does not depend on the shell), and
 * the subset of kustomize the manifests use (resources, strategic-merge patches with
 * targets, name prefixes and suffixes). Anything else it meets is an error rather than a
 * silent guess. Secret values are not in the repository: a `secretKeyRef` reads as the
 * placeholder `secret-from-<secret name>`, a postgres:// URL for DATABASE_URL.
 */
export type DeployedApp = 'vault' | 'intake' | 'payment' | 'notification' | 'portal';

export interface DeploymentEnvironment {
  /** Where the container is declared, e.g. `docker-compose.yml service vault` or `deploy/k8s Deployment vault container vault`. */
  readonly where: string;
  readonly env: Record<string, string>;
}

export function deploymentEnvironments(app: DeployedApp, root = repositoryRoot()): DeploymentEnvironment[] {
  return [...composeEnvironments(app, root), ...kubernetesEnvironments(app, root)];
}

/** Databases the compose PostgreSQL creates on first start (deploy/compose/*.sql). */
export function composeInitDatabases(root = repositoryRoot()): string[] {
  const folder = join(root, 'deploy', 'compose');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .flatMap((file) => [...readFileSync(join(folder, file), 'utf8').matchAll(/^\s*CREATE DATABASE\s+"?([A-Za-z0-9_]+)"?/gim)].map((match) => match[1]));
}

/** The database a postgres:// URL names. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function repositoryRoot(): string {
  for (let folder = process.cwd(); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'docker-compose.yml')) && existsSync(join(folder, 'deploy', 'k8s'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no docker-compose.yml with deploy/k8s beside it above ${process.cwd()}`);
  }
}

// ---------------------------------------------------------------------------------------
// docker-compose.yml

type YamlMap = Record<string, unknown>;

function composeEnvironments(app: DeployedApp, root: string): DeploymentEnvironment[] {
  const compose = asMap(parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }), 'docker-compose.yml');
  const services = asMap(compose.services, 'docker-compose.yml services');
  const found: DeploymentEnvironment[] = [];
  for (const [name, value] of Object.entries(services)) {
    const service = asMap(value, `docker-compose.yml service ${name}`);
    if (service.env_file !== undefined) throw new Error(`docker-compose.yml service ${name}: env_file is not read here; use environment`);
    const env = composeServiceEnv(service.environment, name);
    const argv = [...commandWords(service.entrypoint), ...commandWords(service.command)].map(interpolate);
    const script = shellScript(argv);
    if (script !== undefined) {
      for (const step of scriptSteps(script)) {
        if (step.app === app) found.push({ where: `docker-compose.yml service ${name}: ${step.summary}`, env: { ...env, ...expandAll(step.assignments, env) } });
      }
    } else if (appsStartedBy(argv.join(' ')).includes(app)) {
      found.push({ where: `docker-compose.yml service ${name}`, env });
    }
  }
  return found;
}

function composeServiceEnv(environment: unknown, service: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (environment === undefined || environment === null) return env;
  if (Array.isArray(environment)) {
    for (const item of environment) {
      const text = String(item);
      const equals = text.indexOf('=');
      // `- NAME` alone passes the variable through from the shell: unset here.
      if (equals > 0) env[text.slice(0, equals)] = interpolate(text.slice(equals + 1));
    }
    return env;
  }
  for (const [name, value] of Object.entries(asMap(environment, `docker-compose.yml service ${service} environment`))) {
    // `NAME:` with no value passes the variable through from the shell: unset here.
    if (value !== null && value !== undefined) env[name] = interpolate(scalar(value, `${service} ${name}`));
  }
  return env;
}

function commandWords(command: unknown): string[] {
  if (command === undefined || command === null) return [];
  if (Array.isArray(command)) return command.map((word) => scalar(word, 'command'));
  return scalar(command, 'command').split(/\s+/).filter(Boolean);
}

/** Compose's own interpolation, with defaults taken and the shell left out. */
function interpolate(text: string): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, operator?: string, operand?: string) => {
    if (match === '$$') return '$';
    if (operator === ':?' || operator === '?') throw new Error(`${match} requires ${braced} from the shell`);
    return operator ? (operand ?? '') : '';
  });
}

function shellScript(argv: string[]): string | undefined {
  const shell = argv.findIndex((word) => /^(\/bin\/)?(sh|bash)$/.test(word));
  if (shell < 0) return undefined;
  const flags = argv.slice(shell + 1).findIndex((word) => !word.startsWith('-'));
  return flags < 0 ? undefined : argv[shell + 1 + flags];
}

interface ScriptStep {
  readonly app: string;
  readonly summary: string;
  readonly assignments: Record<string, string>;
}

/** `NAME=value … node dist/apps/<app>/src/main.js <command>` lines of a setup script. */
function scriptSteps(script: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  for (const command of script.split(/\n|&&|;/).map((line) => line.trim()).filter(Boolean)) {
    const match = /^((?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*)node\s+dist\/apps\/([\w-]+)\/src\/main\.js\b(.*)$/.exec(command);
    if (!match) continue;
    const assignments: Record<string, string> = {};
    for (const assignment of match[1].trim().split(/\s+/).filter(Boolean)) {
      const equals = assignment.indexOf('=');
      assignments[assignment.slice(0, equals)] = unquote(assignment.slice(equals + 1));
    }
    const label = [match[2], (match[3] ?? '').trim() || 'serve', assignments.AGENCY_CODE ? `(${assignments.AGENCY_CODE})` : ''];
    steps.push({ app: match[2], summary: label.filter(Boolean).join(' '), assignments });
  }
  return steps;
}

function unquote(text: string): string {
  return /^(['"]).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** The shell's `$NAME` and `${NAME}`, from the container's environment. */
function expandAll(assignments: Record<string, string>, env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(assignments).map(([name, value]) => [
      name,
      value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_match, braced?: string, bare?: string) => env[(braced ?? bare)!] ?? ''),
    ]),
  );
}

function appsStartedBy(commandLine: string): string[] {
  return [...commandLine.matchAll(/dist\/apps\/([\w-]+)\/src\/main\.js/g)].map((match) => match[1]);
}

// ---------------------------------------------------------------------------------------
// deploy/k8s

interface Resource {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Built {
  readonly resources: Resource[];
  readonly folders: Set<string>;
}

const KNOWN_KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'patches',
  'namePrefix',
  'nameSuffix',
  // These change no container's environment.
  'namespace',
  'labels',
  'commonLabels',
  'commonAnnotations',
  'images',
  'replicas',
]);

function kubernetesEnvironments(app: DeployedApp, root: string): DeploymentEnvironment[] {
  const k8s = join(root, 'deploy', 'k8s');
  const built = buildKustomization(k8s);
  const resources = [...built.resources];
  // An agency overlay not yet listed in the root kustomization is still a deployment to check.
  const agencies = join(k8s, 'agencies');
  if (existsSync(agencies)) {
    for (const folder of readdirSync(agencies).map((name) => join(agencies, name))) {
      if (statSync(folder).isDirectory() && !built.folders.has(folder)) resources.push(...buildKustomization(folder).resources);
    }
  }
  const configMaps = new Map(
    resources.filter((resource) => resource.kind === 'ConfigMap').map((resource) => [resource.metadata.name, stringMap(resource.data)]),
  );
  const found: DeploymentEnvironment[] = [];
  for (const resource of resources) {
    const podSpec = podSpecOf(resource);
    if (!podSpec) continue;
    for (const [role, list] of [
      ['init container', podSpec.initContainers],
      ['container', podSpec.containers],
    ] as const) {
      for (const container of (list as YamlMap[] | undefined) ?? []) {
        const commandLine = [...commandWords(container.command), ...commandWords(container.args)].join(' ');
        if (!appsStartedBy(commandLine).includes(app)) continue;
        const where = `deploy/k8s ${resource.kind} ${resource.metadata.name} ${role} ${String(container.name)}`;
        found.push({ where, env: containerEnv(container, configMaps, where) });
      }
    }
  }
  return found;
}

function podSpecOf(resource: Resource): YamlMap | undefined {
  const spec = resource.spec as YamlMap | undefined;
  if (resource.kind === 'CronJob') return ((((spec?.jobTemplate as YamlMap | undefined)?.spec as YamlMap | undefined)?.template as YamlMap | undefined)?.spec as YamlMap | undefined);
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(resource.kind)) return (spec?.template as YamlMap | undefined)?.spec as YamlMap | undefined;
  if (resource.kind === 'Pod') return spec;
  return undefined;
}

function containerEnv(container: YamlMap, configMaps: Map<string, Record<string, string>>, where: string): Record<string, string> {
  const env: Record<string, string> = {};
  const configMap = (name: string): Record<string, string> => {
    const data = configMaps.get(name);
    if (!data) throw new Error(`${where}: ConfigMap ${name} is not part of deploy/k8s`);
    return data;
  };
  for (const source of (container.envFrom as YamlMap[] | undefined) ?? []) {
    const prefix = typeof source.prefix === 'string' ? source.prefix : '';
    if (source.configMapRef) {
      for (const [name, value] of Object.entries(configMap(String((source.configMapRef as YamlMap).name)))) env[prefix + name] = value;
    } else {
      throw new Error(`${where}: only envFrom.configMapRef is read here (a Secret's keys are not in the repository); use env with secretKeyRef`);
    }
  }
  for (const variable of (container.env as YamlMap[] | undefined) ?? []) {
    const name = String(variable.name);
    const from = variable.valueFrom as YamlMap | undefined;
    if (from?.secretKeyRef) {
      env[name] = secretPlaceholder(name, String((from.secretKeyRef as YamlMap).name));
    } else if (from?.configMapKeyRef) {
      const ref = from.configMapKeyRef as YamlMap;
      const value = configMap(String(ref.name))[String(ref.key)];
      if (value === undefined && ref.optional !== true) throw new Error(`${where}: ConfigMap ${String(ref.name)} has no key ${String(ref.key)} for ${name}`);
      if (value !== undefined) env[name] = value;
    } else if (from) {
      env[name] = `field-${name.toLowerCase()}`;
    } else {
      // Kubernetes expands $(NAME) from the variables defined before this one; $$ escapes it.
      env[name] = scalar(variable.value ?? '', name).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, ref?: string) =>
        match === '$$' ? '$' : (env[ref!] ?? match),
      );
    }
  }
  return env;
}

function secretPlaceholder(variable: string, secret: string): string {
  if (/DATABASE_URL$/.test(variable)) return `postgres://secret-from-${secret}@secret-from-${secret}.invalid:5432/secret-from-${secret}`;
  if (/_URL$/.test(variable)) return `https://secret-from-${secret}.invalid`;
  return `secret-from-${secret}`;
}

function buildKustomization(folder: string): Built {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(folder, name)).find((path) => existsSync(path));
  if (!file) throw new Error(`${folder} has no kustomization.yaml`);
  const where = relative(process.cwd(), file);
  const kustomization = asMap(parse(readFileSync(file, 'utf8'), { merge: true }), where);
  const unknown = Object.keys(kustomization).filter((field) => !KNOWN_KUSTOMIZATION_FIELDS.has(field));
  if (unknown.length > 0) throw new Error(`${where}: ${unknown.join(', ')} not understood by deploymentEnvironments; extend libs/testing/src/deployment-environments.ts`);

  const folders = new Set([folder]);
  const resources: Resource[] = [];
  for (const entry of (kustomization.resources as unknown[] | undefined) ?? []) {
    const path = resolve(folder, String(entry));
    if (statSync(path).isDirectory()) {
      const child = buildKustomization(path);
      resources.push(...child.resources);
      child.folders.forEach((visited) => folders.add(visited));
    } else {
      resources.push(...readManifests(path));
    }
  }
  for (const patch of (kustomization.patches as YamlMap[] | undefined) ?? []) applyPatch(resources, patch, folder, where);

  const prefix = typeof kustomization.namePrefix === 'string' ? kustomization.namePrefix : '';
  const suffix = typeof kustomization.nameSuffix === 'string' ? kustomization.nameSuffix : '';
  if (prefix || suffix) rename(resources, prefix, suffix);
  return { resources, folders };
}

function readManifests(path: string): Resource[] {
  return parseAllDocuments(readFileSync(path, 'utf8'), { merge: true }).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return [];
    if (!isResource(value)) throw new Error(`${path}: a manifest without kind or metadata.name`);
    return [value];
  });
}

function isResource(value: unknown): value is Resource {
  return isMap(value) && typeof value.kind === 'string' && isMap(value.metadata) && typeof value.metadata.name === 'string';
}

function applyPatch(resources: Resource[], entry: YamlMap, folder: string, where: string): void {
  const text = typeof entry.patch === 'string' ? entry.patch : typeof entry.path === 'string' ? readFileSync(resolve(folder, entry.path), 'utf8') : undefined;
  if (text === undefined) throw new Error(`${where}: a patch needs patch or path`);
  const patch: unknown = parse(text, { merge: true });
  if (Array.isArray(patch)) throw new Error(`${where}: JSON 6902 patches are not read by deploymentEnvironments; use a strategic-merge patch`);
  const body = asMap(patch, `${where} patch`);
  const target = entry.target as YamlMap | undefined;
  const selected = resources.filter((resource) =>
    target ? matchesTarget(resource, target) : resource.kind === body.kind && resource.metadata.name === (body.metadata as YamlMap | undefined)?.name,
  );
  if (selected.length === 0) throw new Error(`${where}: a patch matches no resource`);
  for (const resource of selected) {
    const merged = strategicMerge(resource, { ...body, kind: resource.kind, metadata: { ...(body.metadata as YamlMap), name: resource.metadata.name } }) as Resource;
    Object.assign(resource, merged);
  }
}

function matchesTarget(resource: Resource, target: YamlMap): boolean {
  const anchored = (pattern: unknown, value: string) => pattern === undefined || new RegExp(`^(?:${scalar(pattern, 'patch target')})$`).test(value);
  const labels = resource.metadata.labels ?? {};
  const selector = typeof target.labelSelector === 'string' ? target.labelSelector.split(',').filter(Boolean) : [];
  return (
    anchored(target.kind, resource.kind) &&
    anchored(target.name, resource.metadata.name) &&
    selector.every((term) => {
      const [key, value] = term.split('=').map((part) => part.trim());
      return labels[key] === value;
    })
  );
}

/** Kubernetes' strategic merge, as far as pod specs need it: lists of named items merge by name. */
function strategicMerge(base: unknown, patch: unknown): unknown {
  if (patch === null) return undefined;
  if (isMap(base) && isMap(patch)) {
    const merged: YamlMap = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      const next = strategicMerge(base[key], value);
      if (next === undefined) delete merged[key];
      else merged[key] = next;
    }
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(patch) && [...(base as unknown[]), ...(patch as unknown[])].every((item) => isMap(item) && typeof item.name === 'string')) {
    const merged = (base as YamlMap[]).map((item) => ({ ...item }));
    for (const item of patch as YamlMap[]) {
      const at = merged.findIndex((existing) => existing.name === item.name);
      if (item.$patch === 'delete') {
        if (at >= 0) merged.splice(at, 1);
      } else if (at >= 0) {
        merged[at] = strategicMerge(merged[at], item) as YamlMap;
      } else {
        merged.push(item);
      }
    }
    return merged;
  }
  return patch;
}

/** namePrefix/nameSuffix, and the references to renamed ConfigMaps and Secrets that kustomize follows. */
function rename(resources: Resource[], prefix: string, suffix: string): void {
  const renamed = new Map<string, string>();
  for (const resource of resources) {
    if (resource.kind === 'Namespace') continue;
    const name = `${prefix}${resource.metadata.name}${suffix}`;
    if (resource.kind === 'ConfigMap' || resource.kind === 'Secret') renamed.set(`${resource.kind}/${resource.metadata.name}`, name);
    resource.metadata = { ...resource.metadata, name };
  }
  if (renamed.size === 0) return;
  for (const resource of resources) {
    const podSpec = podSpecOf(resource);
    for (const container of [...((podSpec?.initContainers as YamlMap[] | undefined) ?? []), ...((podSpec?.containers as YamlMap[] | undefined) ?? [])]) {
      for (const source of (container.envFrom as YamlMap[] | undefined) ?? []) {
        renameRef(source.configMapRef, 'ConfigMap', renamed);
        renameRef(source.secretRef, 'Secret', renamed);
      }
      for (const variable of (container.env as YamlMap[] | undefined) ?? []) {
        const from = variable.valueFrom as YamlMap | undefined;
        renameRef(from?.configMapKeyRef, 'ConfigMap', renamed);
        renameRef(from?.secretKeyRef, 'Secret', renamed);
      }
    }
  }
}

function renameRef(ref: unknown, kind: string, renamed: Map<string, string>): void {
  if (!isMap(ref)) return;
  const name = renamed.get(`${kind}/${String(ref.name)}`);
  if (name) ref.name = name;
}

// ---------------------------------------------------------------------------------------

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asMap(value: unknown, where: string): YamlMap {
  if (!isMap(value)) throw new Error(`${where}: expected a mapping`);
  return value;
}

function scalar(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${where}: expected a scalar value`);
}

function stringMap(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  return Object.fromEntries(Object.entries(asMap(value, 'ConfigMap data')).map(([key, item]) => [key, scalar(item, key)]));
}
