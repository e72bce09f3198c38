import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KUBECTL, kubectl, parseManifests, renderKustomization, validateKubernetesObject, type KubernetesObject } from './kubernetes-manifests';

/**
 * deploy/k8s as `kubectl apply -k` would send it, rendered by the real kustomize (kubectl's)
 * and every object checked against Kubernetes' schemas (kubernetes-models), offline. Each
 * agency overlay is rendered on its own too: a new one not yet listed in deploy/k8s is
 * still a deployment someone may apply.
 */

type Yaml = Record<string, unknown>;

const AGENCIES = 'deploy/k8s/agencies';
const TARGETS = ['deploy/k8s', ...readdirSync(AGENCIES).filter((name) => statSync(join(AGENCIES, name)).isDirectory()).map((name) => `${AGENCIES}/${name}`)];

/** Rendered once, at collection, so each object gets its own test; a failure to render is kept to fail its own test. */
const RENDERED = TARGETS.map((folder) => {
  try {
    return { folder, objects: renderKustomization(folder) };
  } catch (error) {
    return { folder, objects: [] as KubernetesObject[], error: error as Error };
  }
});

const podSpecOf = (object: KubernetesObject): Yaml | undefined =>
  ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind) ? (((object.spec as Yaml).template as Yaml).spec as Yaml) : undefined;
const podLabelsOf = (object: KubernetesObject): Record<string, string> => ((((object.spec as Yaml).template as Yaml).metadata as Yaml).labels ?? {}) as Record<string, string>;
const containersOf = (pod: Yaml): Yaml[] => [...((pod.initContainers as Yaml[] | undefined) ?? []), ...(pod.containers as Yaml[])];
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([key, value]) => labels[key] === value);

// DNS-1123 names and label values: what the API server refuses and the schemas do not say.
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^(?=.{1,63}$)[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(?=.{0,63}$)(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The objects, or the one line that says why there are none (kubectl missing, a kustomize error). */
const objectsOf = ({ objects, error }: (typeof RENDERED)[number]): KubernetesObject[] => {
  if (error) throw error;
  return objects;
};

describe.each(RENDERED)('$folder, rendered with kubectl kustomize', (rendered) => {
  const { folder, objects } = rendered;
  it('renders', () => {
    expect(objectsOf(rendered).length).toBeGreaterThan(0);
  });

  it.each(objects.map((object) => [`${object.kind} ${object.metadata.name}`, object] as const))('%s is valid against its Kubernetes schema', async (_, object) => {
    await validateKubernetesObject(object);
  });

  it('names every object as the API server requires, and labels it with valid values', () => {
    for (const object of objectsOf(rendered)) {
      const name = object.metadata.name;
      expect(name, `${object.kind} name`).toMatch(object.kind === 'Service' || object.kind === 'Namespace' ? DNS_LABEL : DNS_SUBDOMAIN);
      for (const [key, value] of Object.entries(object.metadata.labels ?? {})) expect(value, `${object.kind} ${name} label ${key}`).toMatch(LABEL_VALUE);
    }
  });

  it('runs every pod without privileges: no service account token, non-root, RuntimeDefault seccomp; containers read-only, no escalation, no capability, memory bounded', () => {
    const pods = objectsOf(rendered).filter((object) => podSpecOf(object));
    expect(pods.length).toBeGreaterThan(0);
    for (const object of pods) {
      const pod = podSpecOf(object)!;
      const where = `${object.kind} ${object.metadata.name}`;
      expect(pod.automountServiceAccountToken, where).toBe(false);
      expect(pod.securityContext, where).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of containersOf(pod)) {
        const at = `${where} container ${String(container.name)}`;
        expect(container.securityContext, at).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect((container.resources as Yaml | undefined)?.limits, at).toHaveProperty('memory');
      }
    }
  });

  it('points every Service and PodDisruptionBudget at pods that exist', () => {
    const podLabels = objectsOf(rendered).filter((object) => podSpecOf(object) && object.kind !== 'Job').map(podLabelsOf);
    for (const object of objectsOf(rendered)) {
      const spec = object.spec as Yaml | undefined;
      const selector = object.kind === 'Service' ? (spec?.selector as Record<string, string>) : object.kind === 'PodDisruptionBudget' ? ((spec?.selector as Yaml).matchLabels as Record<string, string>) : undefined;
      if (!selector) continue;
      expect(podLabels.filter((labels) => selects(selector, labels)), `${object.kind} ${object.metadata.name} in ${folder}`).toHaveLength(1);
    }
  });
});

describe('deploy/k8s as a whole', () => {
  const root = RENDERED[0];

  it('sets the built image on every container, never the placeholder name', () => {
    for (const object of objectsOf(root)) {
      const pod = podSpecOf(object);
      for (const container of pod ? containersOf(pod) : []) expect(container.image, `${object.kind} ${object.metadata.name}`).toMatch(/^[^/]+\/.+:[^:]+$/);
    }
  });

  it('puts everything but the Namespace in it', () => {
    const namespace = objectsOf(root).find((object) => object.kind === 'Namespace')?.metadata.name;
    expect(namespace).toBe('once-only');
    for (const object of objectsOf(root).filter((candidate) => candidate.kind !== 'Namespace')) expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe(namespace);
  });
});

describe(validateKubernetesObject.name, () => {
  const deployment = (spec: Yaml): KubernetesObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken' }, spec });
  const validSpec = () => ({
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'registry.example/x:1' }] } },
  });

  it('accepts a well-formed Deployment, so the refusals below are about what was broken', async () => {
    await validateKubernetesObject(deployment(validSpec()));
  });

  it.each([
    ['replicas as text', { ...validSpec(), replicas: 'two' }, /spec\/replicas must be integer/],
    ['no containers', { ...validSpec(), template: { spec: {} } }, /must have required property 'containers'|required property containers/],
    ['a container without a name', { ...validSpec(), template: { spec: { containers: [{ image: 'x' }] } } }, /containers\/0 must have required property/],
    ['a named port as containerPort', { ...validSpec(), template: { spec: { containers: [{ name: 'x', image: 'x', ports: [{ containerPort: 'http' }] }] } } }, /containerPort must be integer/],
    ['no selector', { template: validSpec().template }, /must have required property 'selector'|required property selector/],
  ])('refuses a Deployment with %s', async (_, spec, reason) => {
    await expect(validateKubernetesObject(deployment(spec))).rejects.toThrow(reason);
  });

  it.each([
    ['a misspelt kind', 'apps/v1', 'Deploymnet'],
    ['a kind in the wrong group', 'v1', 'Deployment'],
    ['a custom resource', 'monitoring.coreos.com/v1', 'ServiceMonitor'],
    ['a part of a kind', 'apps/v1', 'DeploymentSpec'],
    ['a path in the kind', 'apps/v1', '../v1/Pod'],
  ])('refuses %s: an unknown kind is not left unchecked', async (_, apiVersion, kind) => {
    await expect(validateKubernetesObject({ apiVersion, kind, metadata: { name: 'x' } })).rejects.toThrow(/no Kubernetes model|not a Kubernetes apiVersion and kind/);
  });

  it('refuses a broken Deployment that went through kubectl kustomize like the real manifests', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'k8s-broken-'));
    try {
      writeFileSync(join(folder, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: once-only\nresources:\n  - deployment.yaml\n');
      writeFileSync(join(folder, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: two\n  selector:\n    matchLabels: { app: x }\n  template:\n    metadata:\n      labels: { app: x }\n    spec: {}\n');
      const [object] = renderKustomization(folder);
      await expect(validateKubernetesObject(object)).rejects.toThrow(/Deployment broken is not a valid apps\/v1 Deployment/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a document that is not a Kubernetes object', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\n', 'test')).toThrow(/without metadata.name/);
    expect(() => parseManifests('- a\n- b\n', 'test')).toThrow(/not a mapping/);
  });
});

describe('kubectl', () => {
  it(`is on this machine (${KUBECTL}), with a kustomize that renders these manifests`, () => {
    const version = JSON.parse(kubectl(['version', '--client', '-o', 'json'])) as { kustomizeVersion?: string };
    expect(version.kustomizeVersion).toMatch(/^v5\./);
  });
});
