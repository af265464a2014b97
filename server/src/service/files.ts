/**
 * Manifest file names: `convox.yml`, `convox.yaml`, overlays such as `convox.staging.yml`, and the alternatives
 * people pass to `convox deploy -m` (`convox-dev.yml`, `convox2.yml`).
 */
const MANIFEST_NAME = /^convox([.-][\w.-]+|\d*)\.ya?ml$/i;

export function isManifestName(name: string): boolean {
  return MANIFEST_NAME.test(name);
}

export function isManifestUri(uri: string): boolean {
  const path = uri.split(/[?#]/)[0];
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return isManifestName(decodeURIComponent(name));
  } catch {
    return isManifestName(name); // a malformed %-escape: the name as written
  }
}

/** docker-compose file names (`docker-compose.yml`, `docker-compose.prod.yaml`, `compose.yaml`): Gen1 manifests. */
const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+|\d*)\.ya?ml$/i;

export function isComposeName(name: string): boolean {
  return COMPOSE_NAME.test(name);
}

/** What a file holds: a convox.yml (Gen2 / v3) or a Gen1 docker-compose.yml deployed to a v2 rack. */
export type ManifestKind = 'convox' | 'gen1';

/** The kind of manifest a file name (or path) stands for: compose names are Gen1, everything else convox.yml. */
export function manifestKind(name: string): ManifestKind {
  return isComposeName(name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)) ? 'gen1' : 'convox';
}
