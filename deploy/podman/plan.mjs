// Turns a rendered kustomize overlay into podman commands for one machine:
// every Deployment's init containers and containers with the overlay's own
// environment (ConfigMaps resolved), its Secrets written as files and
// mounted read-only where the pod mounts them, emptyDirs as tmpfs, and its
// security context (user, read-only root, no capabilities, no privilege
// escalation) and limits. Used by deploy/podman/smoke.sh.
//
// The one translation: the pods share the host's loopback instead of a
// cluster network, so every container port gets a free host port, listen
// addresses become 127.0.0.1, and Service names resolve to 127.0.0.1
// (--add-host) with their ports rewritten to those host ports. Workloads
// that are not run here (the mariadb StatefulSet) are replaced by an
// address given on the command line.
//
//   node plan.mjs --rendered=dev.yaml --secrets=secrets.yaml --out=DIR \
//     --ports=P1,P2,… --external=mysql=127.0.0.1:3307 --prefix=uc-smoke
// writes DIR/plan.sh (bash: UC_WORKLOADS, UC_PORT[workload/port],
// uc_init_<w>, uc_start_<w>, UC_GRACE[w]), DIR/secrets/<name>/<key> and
// DIR/mariadb-init.sh (the overlay's init script pointing at those files).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../k8s/check/package.json'));
const YAML = require('yaml');

function die(message) {
  console.error(`plan.mjs: ${message}`);
  process.exit(1);
}

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([a-z_]+)=(.*)$/s.exec(a);
  if (!m) die(`unknown argument ${a}`);
  return [m[1], m[2]];
}));
for (const need of ['rendered', 'secrets', 'out', 'ports']) {
  if (!args[need]) die(`--${need} is required`);
}
const prefix = args.prefix || 'uc';
const freePorts = args.ports.split(',').map(Number);
const external = Object.fromEntries((args.external || '').split(',').filter(Boolean)
  .map((kv) => { const [name, addr] = kv.split('='); return [name, addr]; }));

const docs = YAML.parseAllDocuments(fs.readFileSync(args.rendered, 'utf8'))
  .map((d) => d.toJS()).filter(Boolean);
const secretDocs = YAML.parseAllDocuments(fs.readFileSync(args.secrets, 'utf8'))
  .map((d) => d.toJS()).filter((d) => d && d.kind === 'Secret');

const byKind = (kind) => docs.filter((d) => d.kind === kind);
const configMaps = new Map(byKind('ConfigMap').map((c) => [c.metadata.name, c.data || {}]));
const secrets = new Map(secretDocs.map((s) => [s.metadata.name, s]));
const workloads = [...byKind('Deployment'), ...byKind('StatefulSet')];
const services = byKind('Service');

const matches = (selector, labels) =>
  Object.entries(selector || {}).every(([k, v]) => labels[k] === v);
// Workloads behind an --external Service are not run here.
const notRun = new Set(services.filter((s) => external[s.metadata.name]).flatMap((s) =>
  workloads.filter((w) => matches(s.spec.selector, w.spec.template.metadata.labels || {}))
    .map((w) => w.metadata.name)));

// Host ports: one per (workload, container port).
const hostPort = new Map();  // "workload/containerPort" → host port
for (const w of workloads) {
  if (notRun.has(w.metadata.name)) continue;
  for (const c of w.spec.template.spec.containers) {
    for (const p of c.ports || []) {
      const port = freePorts.shift();
      if (!port) die('not enough --ports');
      hostPort.set(`${w.metadata.name}/${p.containerPort}`, port);
    }
  }
}

// Service name:port → host port of the workload it selects.
const serviceAddress = new Map();  // "svc:port" → "svc:hostport"
for (const s of services) {
  const name = s.metadata.name;
  for (const p of s.spec.ports || []) {
    if (external[name]) {
      serviceAddress.set(`${name}:${p.port}`, external[name]);
      continue;
    }
    const w = workloads.find((x) =>
      matches(s.spec.selector, x.spec.template.metadata.labels || {}));
    if (!w) die(`Service ${name} selects no workload`);
    const container = w.spec.template.spec.containers.find((c) =>
      (c.ports || []).some((cp) => cp.containerPort === p.targetPort || cp.name === p.targetPort));
    if (!container) die(`Service ${name} port ${p.port}: no container of ${w.metadata.name} has targetPort ${p.targetPort}`);
    const target = (container.ports || []).find((cp) =>
      cp.containerPort === p.targetPort || cp.name === p.targetPort).containerPort;
    serviceAddress.set(`${name}:${p.port}`, `${name}:${hostPort.get(`${w.metadata.name}/${target}`)}`);
  }
}

// The one translation of a value (see the header).
function translate(workload, container, env, name, value) {
  const own = (port) => hostPort.get(`${workload}/${port}`);
  let m = /^0\.0\.0\.0:(\d+)$/.exec(value);
  if (m && own(Number(m[1]))) return `127.0.0.1:${own(Number(m[1]))}`;
  if (value === '0.0.0.0') return '127.0.0.1';
  m = /^(dns:\/\/\/)?([a-z0-9-]+):(\d+)$/.exec(value);
  if (m && serviceAddress.has(`${m[2]}:${m[3]}`)) {
    const address = serviceAddress.get(`${m[2]}:${m[3]}`);
    return external[m[2]] ? address : `${m[1] || ''}${address}`;
  }
  // An external service given as two settings, X_HOST and X_PORT (MySQL).
  if (external[value] && /_HOST$/.test(name)) return external[value].split(':')[0];
  const host = env[name.replace(/_PORT$/, '_HOST')];
  if (/_PORT$/.test(name) && external[host]) return external[host].split(':')[1];
  if (/_PORT$/.test(name) && (container.ports || []).some((p) => String(p.containerPort) === value)) {
    return String(own(Number(value)));
  }
  return value;
}

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const fnName = (s) => s.replace(/[^A-Za-z0-9]/g, '_');
const memory = (q) => {
  const m = /^(\d+)(Mi|Gi|M|G)?$/.exec(q);
  if (!m) die(`memory limit ${q}`);
  return `${m[1]}${{ Mi: 'm', Gi: 'g', M: 'm', G: 'g' }[m[2]] || 'b'}`;
};
const cpus = (q) => (/m$/.test(q) ? String(Number(q.slice(0, -1)) / 1000) : String(q));

// Secrets as files, owned by the pod's fsGroup with the volume's mode.
fs.mkdirSync(path.join(args.out, 'secrets'), { recursive: true });
function writeSecret(name, mode, gid) {
  const secret = secrets.get(name);
  if (!secret) die(`Secret ${name} is not in ${args.secrets}`);
  const dir = path.join(args.out, 'secrets', name);
  fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
  for (const [key, value] of Object.entries(secret.data || {})) {
    fs.writeFileSync(path.join(dir, key), Buffer.from(value, 'base64'), { mode });
  }
  for (const [key, value] of Object.entries(secret.stringData || {})) {
    fs.writeFileSync(path.join(dir, key), value, { mode });
  }
  if (process.getuid() === 0) {
    fs.chownSync(dir, 0, gid);
    for (const f of fs.readdirSync(dir)) fs.chownSync(path.join(dir, f), 0, gid);
  }
  return dir;
}

function podmanArgs(w, c, pod, extra) {
  const name = w.metadata.name;
  const env = {};
  for (const from of c.envFrom || []) {
    const data = configMaps.get(from.configMapRef?.name);
    if (!data) die(`${name}: ConfigMap ${from.configMapRef?.name} missing`);
    Object.assign(env, data);
  }
  for (const e of c.env || []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.configMapKeyRef) {
      env[e.name] = configMaps.get(e.valueFrom.configMapKeyRef.name)?.[e.valueFrom.configMapKeyRef.key];
    } else die(`${name}: env ${e.name} has a source plan.mjs does not know`);
  }
  const sc = { ...(pod.securityContext || {}), ...(c.securityContext || {}) };
  const uid = sc.runAsUser ?? 65532;
  const gid = sc.runAsGroup ?? uid;
  const fsGroup = pod.securityContext?.fsGroup ?? gid;
  const out = ['--network=host', `--user=${uid}:${gid}`, `--group-add=${fsGroup}`,
    '--security-opt=no-new-privileges', '--read-only-tmpfs=false'];
  if (sc.readOnlyRootFilesystem) out.push('--read-only');
  if (sc.allowPrivilegeEscalation !== false) die(`${name}/${c.name}: privilege escalation allowed`);
  for (const cap of sc.capabilities?.drop || []) out.push(`--cap-drop=${cap}`);
  for (const s of services) out.push(`--add-host=${s.metadata.name}:127.0.0.1`);
  if (c.resources?.limits?.memory) out.push(`--memory=${memory(c.resources.limits.memory)}`);
  if (c.resources?.limits?.cpu) out.push(`--cpus=${cpus(c.resources.limits.cpu)}`);
  const volumes = new Map((pod.volumes || []).map((v) => [v.name, v]));
  for (const m of c.volumeMounts || []) {
    const v = volumes.get(m.name);
    if (v?.secret) {
      const dir = writeSecret(v.secret.secretName, v.secret.defaultMode ?? 0o644, fsGroup);
      out.push(`--volume=${dir}:${m.mountPath}:ro`);
    } else if (v?.emptyDir) {
      const size = v.emptyDir.sizeLimit ? `,size=${memory(v.emptyDir.sizeLimit)}` : '';
      // podman's tmpfs takes no owner: sticky and world-writable, as /tmp
      // (the container's only user is the pod's).
      out.push(`--tmpfs=${m.mountPath}:rw,mode=1777,nosuid,nodev${size}`);
    } else if (v?.configMap) {
      die(`${name}: configMap volumes are not supported by plan.mjs`);
    } else die(`${name}: volume ${m.name} is not a Secret or an emptyDir`);
  }
  for (const [k, v] of Object.entries(env)) {
    out.push(`--env=${k}=${translate(name, c, env, k, String(v))}`);
  }
  out.push(...extra);
  let image = c.image;
  if (!/^[a-z0-9.-]+\.[a-z]+(:\d+)?\/|^localhost\//.test(image)) image = `localhost/${image}`;
  out.push(image, ...(c.command || []), ...(c.args || []));
  return out;
}

const lines = ['# Written by deploy/podman/plan.mjs; sourced by smoke.sh.',
  'declare -gA UC_PORT UC_GRACE UC_PROBE UC_INITS', 'UC_WORKLOADS=()',
  `UC_PREFIX=${quote(prefix)}`];
for (const [key, port] of hostPort) lines.push(`UC_PORT[${quote(key)}]=${port}`);
for (const w of workloads) {
  const name = w.metadata.name;
  if (notRun.has(name)) {
    // Not run here; its init script (if any) for the stand-in.
    const pod = w.spec.template.spec;
    for (const c of pod.containers) {
      for (const m of c.volumeMounts || []) {
        const v = (pod.volumes || []).find((x) => x.name === m.name);
        if (!v?.configMap) continue;
        for (const [file, text] of Object.entries(configMaps.get(v.configMap.name) || {})) {
          let script = text;
          for (const m2 of c.volumeMounts) {
            const v2 = pod.volumes.find((x) => x.name === m2.name);
            if (v2?.secret) {
              const dir = writeSecret(v2.secret.secretName, 0o600, 0);
              script = script.split(m2.mountPath).join(dir);
            }
          }
          fs.writeFileSync(path.join(args.out, `${name}-init.sh`), script, { mode: 0o600 });
          lines.push(`# ${name}: ${file} → ${name}-init.sh`);
        }
      }
    }
    continue;
  }
  const pod = w.spec.template.spec;
  const f = fnName(name);
  lines.push(`UC_WORKLOADS+=(${quote(name)})`);
  lines.push(`UC_GRACE[${quote(name)}]=${pod.terminationGracePeriodSeconds ?? 30}`);
  lines.push(`UC_INITS[${quote(name)}]=${quote((pod.initContainers || []).map((c) => c.name).join(' '))}`);
  lines.push(`uc_init_${f}() {`);
  for (const c of pod.initContainers || []) {
    const a = podmanArgs(w, c, pod, []);
    lines.push(`  podman run --rm --name=${quote(`${prefix}-${name}-${c.name}`)} ${a.map(quote).join(' ')} || return 1`);
  }
  lines.push('  :', '}');
  if (pod.containers.length !== 1) die(`${name}: one container per pod expected`);
  const c = pod.containers[0];
  // The readiness probe, on the host port: what smoke.sh waits for.
  const probe = c.readinessProbe || {};
  if (probe.grpc) {
    lines.push(`UC_PROBE[${quote(name)}]=${quote(`grpc ${hostPort.get(`${name}/${probe.grpc.port}`)}`)}`);
  } else if (probe.httpGet) {
    const port = (c.ports || []).find((p) => p.name === probe.httpGet.port)?.containerPort ??
      probe.httpGet.port;
    lines.push(`UC_PROBE[${quote(name)}]=${quote(`http ${hostPort.get(`${name}/${port}`)} ${probe.httpGet.path}`)}`);
  } else die(`${name}: no readiness probe`);
  const a = podmanArgs(w, c, pod, [`--stop-timeout=${pod.terminationGracePeriodSeconds ?? 30}`]);
  lines.push(`uc_start_${f}() {`,
    `  podman run --detach --name=${quote(`${prefix}-${name}`)} ${a.map(quote).join(' ')}`, '}');
}
fs.writeFileSync(path.join(args.out, 'plan.sh'), lines.join('\n') + '\n');
console.log(`plan.mjs: ${workloads.length - notRun.size} workloads, ` +
  `${hostPort.size} host ports → ${path.join(args.out, 'plan.sh')}`);
