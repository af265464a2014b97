import { isMap } from 'yaml';
import type { Check } from '../diagnostics/rule';
import { childVia, entriesOf, field, gen1Manifest, goKind, keyLocation, textOf, valueLocation } from './model';

/** `manifest.go` `Load`: a Dockerfile set both at service level and in `build.dockerfile` is rejected. */
export const dockerfile: Check = {
  rules: [{ code: 'gen1-dockerfile', severity: 'error', title: 'A Gen1 service sets its Dockerfile twice' }],
  run(context) {
    const { document } = context;
    for (const service of gen1Manifest(document).services) {
      const own = field(service, 'dockerfile');
      const build = field(service, 'build');
      if (!own || !build || !isMap(build.value) || goKind(own.value) === 'map' || goKind(own.value) === 'seq') continue;
      const inner = entriesOf(document, build.value, childVia(build)).find((entry) => entry.key === 'dockerfile');
      if (!inner || goKind(inner.value) !== 'str') continue;
      if (textOf(own.value).text === '' || textOf(inner.value).text === '') continue;
      context.report({
        code: 'gen1-dockerfile',
        location: keyLocation(document, own),
        message: `dockerfile specified twice for ${service.name}: set it either in build.dockerfile or as the service's dockerfile, not both. Remove one.`,
        related: [{ location: { uri: document.uri, range: document.range(valueLocation(document, inner).start, valueLocation(document, inner).end) }, message: 'build.dockerfile' }],
      });
    }
  },
};
