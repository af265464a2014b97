import type { Check, Finding } from '../diagnostics/rule';
import { duplicateKeys as convoxDuplicateKeys } from '../checks/duplicateKeys';

const SERVICE_TWICE = /^service "(.*)" is defined twice \(first on line (\d+)\)\..*$/s;

/**
 * The shared duplicate-key check. Only its wording for services differs: Gen1 decodes `services` into a Go map, so
 * of two services with one name the last one wins (Gen2 keeps both).
 */
export const duplicateKeys: Check = {
  rules: convoxDuplicateKeys.rules,
  run(context) {
    convoxDuplicateKeys.run({
      document: context.document,
      settings: context.settings,
      report: (finding: Finding) => {
        const match = SERVICE_TWICE.exec(finding.message);
        context.report(
          match ? { ...finding, message: `service "${match[1]}" is defined twice (first on line ${match[2]}): Convox Gen1 silently uses the last one. Rename or remove one.` } : finding,
        );
      },
    });
  },
};
