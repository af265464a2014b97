import type { Document } from 'yaml';
import { structureOf } from './structure';

/** yaml.v2 scans anchor and alias names as letters, digits, `-` and `_` (scannerc.go `yaml_parser_scan_anchor`). */
const YAML_V2_NAME = /^[0-9A-Za-z_-]+$/;

/**
 * Anchors (`&base.env`) and aliases (`*base.env`) the `yaml` library reads (YAML 1.2 allows any character but spaces
 * and flow indicators in a name) and yaml.v2 cannot, with the range of each `&name` or `*name`.
 */
export function unreadableAnchorNames(doc: Document, text: string): { start: number; end: number; name: string }[] {
  const found: { start: number; end: number; name: string }[] = [];
  const { anchored, targets } = structureOf(doc);
  for (const node of anchored) {
    const name = node.anchor!;
    if (YAML_V2_NAME.test(name)) continue;
    // The anchor comes before its node's value (on the line above, for a block collection).
    const start = text.lastIndexOf(`&${name}`, node.range?.[0] ?? -1);
    if (start !== -1) found.push({ start, end: start + name.length + 1, name });
  }
  for (const alias of targets.keys()) {
    if (!YAML_V2_NAME.test(alias.source) && alias.range) found.push({ start: alias.range[0], end: alias.range[0] + alias.source.length + 1, name: alias.source });
  }
  return found;
}
