import type { Check, CheckContext } from '../diagnostics/rule';
import { parseQuantity, quantityError } from './goParsers';
import { asString, isInterpolated, isMap, keyLocation, Path, PlainMap, schemaReports, services, valueLocation } from './support';

const NAME = /^[a-z][a-z0-9-]*$/;
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce'];
const AZURE_MIN_SHARE = 100 * 2 ** 30; // 100Gi
const KINDS = ['emptyDir', 'awsEfs', 'azureFiles'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Service `volumeOptions` items (v3 service.go VolumeOption.Validate). As in Convox, only the first kind of an item
 * is validated and each item reports its first problem; `initContainer.volumeOptions` are not validated by Convox.
 */
export const volumeOptions: Check = {
  rules: [{ code: 'invalid-volume-options', severity: 'error', title: 'A volumeOptions entry Convox rejects' }],
  run(context) {
    if (context.settings.target !== 'v3') return;
    for (const [service, body] of services(context.document)) {
      const list = body?.volumeOptions;
      if (!Array.isArray(list)) continue;
      list.forEach((item, index) => {
        if (!isMap(item)) return;
        const kind = KINDS.find((k) => item[k] !== undefined && item[k] !== null);
        const options = kind ? item[kind] : undefined;
        if (kind && isMap(options)) checkItem(context, service, ['services', service, 'volumeOptions', index, kind], kind, options);
      });
    }
  },
};

function checkItem(context: CheckContext, service: string, path: Path, kind: Kind, options: PlainMap): void {
  const { document } = context;
  const where = `(service ${service}, volumeOptions[${path[3]}])`;
  /** Reports the item's first problem unless the schema already does; always stops the item (false). */
  const fail = (key: string, message: string, missing = false): false => {
    const at = [...path, key];
    const location = valueLocation(document, at) ?? (missing ? keyLocation(document, path) : undefined);
    if (location && !schemaReports(context, at)) context.report({ code: 'invalid-volume-options', location, message: `${message} ${where}` });
    return false;
  };
  const text = (key: string): string | null => {
    const value = options[key];
    if (value === undefined || value === null) return '';
    if (isInterpolated(value)) return null; // unknown until interpolated
    return asString(value) ?? null; // a map or list: the schema reports it
  };

  const id = text('id');
  if (id === null) return;
  if (id === '') return void fail('id', `${kind}.id is required. Add \`id:\` naming the volume (the name \`volumes:\` entries refer to).`, true);
  if (kind === 'azureFiles' && !NAME.test(id)) return void fail('id', `azureFiles.id must match ${NAME.source}. Use lowercase letters, digits and dashes.`);
  const mountPath = text('mountPath');
  if (mountPath === null) return;
  if (mountPath === '') return void fail('mountPath', `${kind}.mountPath is required. Add \`mountPath:\` with the directory to mount it at.`, true);

  if (kind === 'emptyDir') {
    const medium = text('medium');
    if (medium && medium !== 'Memory') return void fail('medium', "emptyDir.medium's allowed values: Memory. Write `medium: Memory` for a tmpfs, or remove it for node disk.");
    const sizeLimit = text('sizeLimit');
    const problem = sizeLimit ? quantityError(sizeLimit) : undefined;
    if (problem) return void fail('sizeLimit', `emptyDir.sizeLimit is not a valid quantity: ${problem}. Write e.g. \`sizeLimit: 2Gi\` (Ki, Mi, Gi or k, M, G).`);
    return;
  }

  const accessMode = text('accessMode');
  if (accessMode === null) return;
  if (!ACCESS_MODES.includes(accessMode)) {
    return void fail('accessMode', `${kind}.accessMode must be one of these values: ${ACCESS_MODES.join(', ')}.`, accessMode === '');
  }
  if (kind === 'azureFiles') {
    const shareSize = text('shareSize');
    if (!shareSize) return;
    const bytes = parseQuantity(shareSize);
    if (bytes === undefined) return void fail('shareSize', `azureFiles.shareSize is invalid: ${shareSize}. Write a Kubernetes quantity, e.g. \`shareSize: 100Gi\`.`);
    if (bytes < AZURE_MIN_SHARE) return void fail('shareSize', 'azureFiles.shareSize must be at least 100Gi (Azure Premium NFS minimum). Write `shareSize: 100Gi` or more.');
  }
}
