/**
 * Characters yaml.v2, which Convox reads manifests with, reads unlike editors and the `yaml` library: the control
 * characters its reader refuses anywhere in a file (readerc.go: below U+0020 all but tab, LF and CR; U+007F-U+009F
 * but NEL; U+FFFE and U+FFFF), and NEL, LS and PS, which end a line for it (yamlprivateh.go `is_break`).
 */
const YAML_V2_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]/;

/** Whether `text` has such a character at an offset in [from, to). */
export function hasYamlV2Characters(text: string, from = 0, to = text.length): boolean {
  return YAML_V2_CHARACTERS.test(from === 0 && to === text.length ? text : text.slice(from, to));
}
