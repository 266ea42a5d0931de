import { stringify } from 'yaml';

/** Serializes objects as a multi-document YAML stream, deterministically (key order is construction order). */
export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
