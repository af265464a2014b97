import type { Check, CheckContext } from '../diagnostics/rule';
import { goQuote, isInterpolated, isMap, Path, related, schemaReports, services, valueLocation } from './support';

const CAPABILITY = /^[A-Z][A-Z0-9_]*$/;
const SECCOMP = new Set(['RuntimeDefault', 'Unconfined']);

/** `securityContext` (v3 service.go ServiceSecurityContext.Validate; errors are prefixed `service <s>: `). */
export const securityContext: Check = {
  rules: [{ code: 'invalid-security-context', severity: 'error', title: 'A securityContext setting Convox rejects' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    for (const [service, body] of services(document)) {
      const sc = body?.securityContext;
      if (!isMap(sc)) continue;
      const base = ['services', service, 'securityContext'];
      const report = (path: Path, message: string, extra: Partial<Parameters<CheckContext['report']>[0]> = {}) => {
        const location = valueLocation(document, path);
        if (location && !schemaReports(context, path)) context.report({ code: 'invalid-security-context', location, message: `service ${service}: ${message}`, ...extra });
      };

      const seccomp = sc.seccompProfile;
      if (typeof seccomp === 'string' && seccomp !== '' && !isInterpolated(seccomp) && !SECCOMP.has(seccomp)) {
        report(
          [...base, 'seccompProfile'],
          seccomp === 'Localhost'
            ? 'securityContext.seccompProfile: Localhost is not supported (no localhostProfile field); use RuntimeDefault or Unconfined'
            : `securityContext.seccompProfile: ${goQuote(seccomp)} is not a supported value; allowed: RuntimeDefault, Unconfined`,
        );
      }

      const capabilities = sc.capabilities;
      if (isMap(capabilities)) {
        for (const list of ['add', 'drop'] as const) {
          const names = capabilities[list];
          if (!Array.isArray(names)) continue;
          names.forEach((name, index) => {
            if (typeof name !== 'string' || isInterpolated(name)) return;
            const path = [...base, 'capabilities', list, index];
            if (name.startsWith('CAP_')) {
              const bare = name.slice('CAP_'.length);
              report(path, `securityContext.capabilities.${list}: ${goQuote(name)} must not include CAP_ prefix (use ${goQuote(bare)})`, { data: { replacement: bare } });
            } else if (!CAPABILITY.test(name)) {
              report(path, `securityContext.capabilities.${list}: ${goQuote(name)} is not a valid capability name (expected uppercase letters, digits, underscores), e.g. NET_BIND_SERVICE`);
            }
          });
        }
      }

      if (sc.runAsNonRoot === true && sc.runAsUser === 0) {
        report([...base, 'runAsUser'], 'securityContext: runAsNonRoot=true is incompatible with runAsUser=0. Run as a non-zero user id, or drop runAsNonRoot.', {
          related: related(document, valueLocation(document, [...base, 'runAsNonRoot']), '`runAsNonRoot: true` is set here'),
        });
      }
    }
  },
};
