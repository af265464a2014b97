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
  return isManifestName(decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)));
}
