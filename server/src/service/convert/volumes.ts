import type { OutService } from './manifest';
import { child, Session } from './session';
import { composeBoolean, CValue, get, items, Span, text } from './tree';
import { rewrite } from './values';

/**
 * Host paths Convox mounts from the node (hostPath) instead of an emptyDir, matched on the exact text before the
 * colon (v3 `provider/k8s/helpers.go` `systemVolume`).
 */
const SYSTEM_VOLUMES = ['/cgroup/', '/proc/', '/sys/fs/cgroup/', '/sys/kernel/debug/', '/var/log/audit/', '/var/run/', '/var/run/docker.sock', '/var/snap/microk8s/current/docker.sock'];

const MODES = /^(ro|rw|z|Z|cached|delegated|consistent|nocopy|shared|slave|private|rshared|rslave|rprivate)(,(ro|rw|z|Z|cached|delegated|consistent|nocopy|shared|slave|private|rshared|rslave|rprivate))*$/;

export interface VolumeUse {
  type: 'anonymous' | 'named' | 'bind' | 'tmpfs' | 'other';
  source?: string;
  target?: string;
  mode?: string;
}

/** Reads a short (`src:dst:mode`) or long (`{type, source, target}`) compose volume. */
export function parseVolume(item: CValue): VolumeUse | undefined {
  if (item.kind === 'map') {
    const type = text(get(item, 'type')) ?? 'volume';
    const source = text(get(item, 'source'));
    const target = text(get(item, 'target'));
    const mode = composeBoolean(get(item, 'read_only')) ? 'ro' : undefined;
    if (type === 'bind') return { type: 'bind', source, target, mode };
    if (type === 'tmpfs') return { type: 'tmpfs', target };
    if (type === 'volume') return source ? { type: 'named', source, target, mode } : { type: 'anonymous', target, mode };
    return { type: 'other', source, target };
  }
  const raw = text(item);
  if (raw === undefined) return undefined;
  const value = rewrite(raw).text;
  const parts = value.split(':');
  let source: string | undefined;
  let target: string;
  let mode: string | undefined;
  if (parts.length === 1) target = parts[0];
  else if (parts.length === 2 && MODES.test(parts[1]) && parts[0].startsWith('/')) [target, mode] = parts;
  else if (parts.length === 2) [source, target] = parts;
  else [source, target, mode] = [parts[0], parts[1], parts.slice(2).join(':')];
  if (!source) return { type: 'anonymous', target, mode };
  const bind = /^[./~]/.test(source) || source.startsWith('${') || source.includes('/');
  return { type: bind ? 'bind' : 'named', source, target, mode };
}

/** Which services use each named volume (to say which mounts compose shared). */
export type VolumeUsers = Map<string, string[]>;

export function convertVolumes(session: Session, out: OutService, value: CValue, path: string, users: VolumeUsers): void {
  items(value).forEach((item, index) => {
    const itemPath = value.kind === 'seq' ? child(path, index) : path;
    const volume = parseVolume(item);
    if (!volume?.target) {
      session.note('dropped', itemPath, item.span, `The volume ${JSON.stringify(text(item) ?? '')} has no container path: not converted.`);
      return;
    }
    add(session, out, volume, itemPath, item.span, users);
  });
}

function add(session: Session, out: OutService, volume: VolumeUse, path: string, span: Span, users: VolumeUsers): void {
  const target = volume.target as string;
  const push = (entry: string) => {
    if (!out.volumes.includes(entry)) out.volumes.push(entry);
  };
  // Docker's performance hints (cached, delegated, consistent, nocopy) mean nothing on Convox; read-only does.
  const modeNote = volume.mode && /(^|,)ro(,|$)/.test(volume.mode) ? ' Read-only (ro) is dropped: Convox mounts volumes read-write.' : '';
  switch (volume.type) {
    case 'anonymous':
      push(target);
      if (modeNote) session.note('converted-approximately', path, span, modeNote.trim());
      return;
    case 'named': {
      const source = volume.source as string;
      push(`${source}:${target}`);
      const others = (users.get(source) ?? []).filter((name) => name !== out.name);
      const shared = others.length ? `, not shared with ${others.join(', ')}` : '';
      session.note(
        'converted-approximately',
        path,
        span,
        `The named volume ${source} becomes an emptyDir: empty when the process starts (it hides what the image has at ${target}), kept only while the process runs${shared}. Use \`volumeOptions\` (awsEfs, azureFiles) on v3 racks or an efs resource on v2 racks for persistent or shared files.${modeNote}`,
      );
      return;
    }
    case 'bind': {
      const source = volume.source ?? '';
      const system = SYSTEM_VOLUMES.find((v) => v === source || v === `${source}/`);
      if (system) {
        push(`${system}:${target}`);
        session.note(
          'converted-approximately',
          path,
          span,
          `${source} is mounted from the node (Convox mounts a few system paths that way); on Kubernetes nodes without Docker, /var/run/docker.sock does not exist.${modeNote}`,
        );
        return;
      }
      session.note(
        'dropped',
        path,
        span,
        `The bind mount ${source}:${target} is not converted: Convox runs the code and files built into the image, and there is no host folder to mount. COPY what the container needs in the Dockerfile (live code reloading is what \`convox start\` does).`,
      );
      return;
    }
    case 'tmpfs':
      push(target);
      session.note('converted-approximately', path, span, `The tmpfs ${target} becomes an emptyDir on disk (on v3 racks a \`volumeOptions\` emptyDir with \`medium: Memory\` keeps it in memory).`);
      return;
    default:
      session.note('dropped', path, span, `A ${volume.type ?? 'volume'} mount has no Convox equivalent: not converted.`);
  }
}

/** `tmpfs:` (a path or a list of paths). */
export function convertTmpfs(session: Session, out: OutService, value: CValue, path: string): void {
  items(value).forEach((item, index) => {
    const target = text(item)?.split(':')[0];
    if (!target) return;
    add(session, out, { type: 'tmpfs', target }, value.kind === 'seq' ? child(path, index) : path, item.span, new Map());
  });
}
