import { isMap, isScalar } from 'yaml';
import type { Check } from '../diagnostics/rule';
import { FORMAT_2_VERSIONS, gen1Manifest, goKind, keyLocation, span, typeError, valueLocation, versionText } from './model';

/**
 * The file format (`manifest.go` `manifestVersion`, `Load`): no `version` is format 1, where the top-level map is
 * the services map; "2", "2.0", "2.1" and "2.2" are format 2; anything else is rejected.
 */
export const version: Check = {
  rules: [{ code: 'gen1-version', severity: 'error', title: 'A docker-compose version Convox Gen1 cannot read (only format 1 and 2.0-2.2)' }],
  run(context) {
    const { document } = context;
    const manifest = gen1Manifest(document);
    const root = manifest.root;
    if (root && !isMap(root) && goKind(root) !== 'null') {
      context.report({
        code: 'gen1-version',
        location: span(document, root),
        message: `could not parse manifest: ${typeError(root, 'struct { Version string }')}. A Gen1 manifest is a map: services at the top (format 1), or version: "2" and services: (format 2).`,
      });
      return;
    }
    const entry = manifest.versionEntry;
    if (entry) {
      if (entry.value && !isScalar(entry.value)) {
        context.report({
          code: 'gen1-version',
          location: valueLocation(document, entry),
          message: `could not parse manifest: ${typeError(entry.value, 'string')}. Write the version as a string, e.g. version: "2".`,
        });
        return;
      }
      const { text, dynamic } = versionText(entry);
      if (!dynamic && text !== '' && !FORMAT_2_VERSIONS.has(text)) {
        context.report({
          code: 'gen1-version',
          location: valueLocation(document, entry),
          message: `unknown manifest version: ${text}. Convox Gen1 reads compose format 1 (no version) and "2", "2.0", "2.1", "2.2"; use version: "2" (and only keys format 2 has), or migrate to a Gen2 convox.yml.`,
        });
      }
      return;
    }
    const services = manifest.topLevel.find((top) => top.key === 'services');
    if (services && isMap(services.value)) {
      context.report({
        code: 'gen1-version',
        severity: 'warning',
        location: keyLocation(document, services),
        message: 'This file has no version, so Convox reads it as format 1, where every top-level key is a service: "services" would be one service and the services under it are ignored. Add version: "2" at the top.',
      });
    }
  },
};
