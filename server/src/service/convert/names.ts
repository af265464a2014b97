/** Convox names services, resources and timers with `^[a-z][a-z0-9-]*$` (validate.go `NameValidator`). */
export const CONVOX_NAME = /^[a-z][a-z0-9-]*$/;

/** Kubernetes names (Services, Deployments) must fit in 63 characters. */
const MAX_LENGTH = 63;

/** The nearest valid Convox name: lower case, `_` and other characters as `-`, starting with a letter. */
export function convoxName(name: string): string {
  let converted = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(converted)) converted = `s-${converted}`.replace(/-+$/, '');
  return converted.slice(0, MAX_LENGTH).replace(/-+$/, '');
}

/** Hands out unique names: the second `web-app` (from `web_app` and `web-app`) becomes `web-app-2`. */
export class Names {
  private readonly taken = new Set<string>();

  allocate(name: string): string {
    const base = convoxName(name);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${base.slice(0, MAX_LENGTH - String(n).length - 1)}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}
