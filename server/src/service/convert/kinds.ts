import type { Session } from './session';
import { child } from './session';
import type { CEntry, CMap, CValue } from './tree';

/**
 * The kinds of value docker compose's schema allows for the service keys this converter reads. A value of another
 * kind (`image: [nginx]`, `command: [run, [x]]`) makes docker compose reject the file; the converter reads such values
 * as nothing, so they are reported here and left out, instead of disappearing from the result without a word.
 * Null values are left alone: compose reads them as unset, and so does the converter.
 */
type Kind = 'scalar' | 'list' | 'map';

interface Expected {
  kinds: Kind[];
  /** The items of a list. */
  items?: Kind[];
  /** The values of a map. */
  values?: Kind[];
}

const SCALAR: Expected = { kinds: ['scalar'] };
const SCALAR_LIST: Expected = { kinds: ['list'], items: ['scalar'] };
const SCALAR_OR_LIST: Expected = { kinds: ['scalar', 'list'], items: ['scalar'] };
const DICTIONARY: Expected = { kinds: ['map', 'list'], items: ['scalar'], values: ['scalar'] };

const SERVICE_KEYS: Record<string, Expected> = {
  image: SCALAR,
  build: { kinds: ['scalar', 'map'] },
  dockerfile: SCALAR,
  command: SCALAR_OR_LIST,
  entrypoint: SCALAR_OR_LIST,
  environment: DICTIONARY,
  env_file: { kinds: ['scalar', 'list'], items: ['scalar', 'map'] },
  ports: { kinds: ['list'], items: ['scalar', 'map'] },
  expose: SCALAR_LIST,
  healthcheck: { kinds: ['map'] },
  deploy: { kinds: ['map'] },
  scale: SCALAR,
  cpus: SCALAR,
  cpu_shares: SCALAR,
  mem_limit: SCALAR,
  mem_reservation: SCALAR,
  volumes: { kinds: ['list'], items: ['scalar', 'map'] },
  tmpfs: SCALAR_OR_LIST,
  depends_on: { kinds: ['list', 'map'], items: ['scalar'], values: ['map'] },
  links: SCALAR_LIST,
  labels: DICTIONARY,
  annotations: DICTIONARY,
  privileged: SCALAR,
  cap_add: SCALAR_LIST,
  cap_drop: SCALAR_LIST,
  read_only: SCALAR,
  user: SCALAR,
  security_opt: SCALAR_LIST,
  stop_grace_period: SCALAR,
  profiles: SCALAR_LIST,
  extends: { kinds: ['scalar', 'map'] },
  init: SCALAR,
  post_start: { kinds: ['list'], items: ['map'] },
  pre_stop: { kinds: ['list'], items: ['map'] },
};

const WORDS: Record<Kind, string> = { scalar: 'a single value', list: 'a list', map: 'a map' };

const kindOf = (value: CValue): Kind => (value.kind === 'seq' ? 'list' : value.kind === 'map' ? 'map' : 'scalar');
const isNullValue = (value: CValue): boolean => value.kind === 'scalar' && value.value === null;
const expectation = (kinds: Kind[]): string => kinds.map((kind) => WORDS[kind]).join(' or ');

/** The service's body without the values docker compose would reject for their kind, each reported where it is. */
export function withComposeKinds(session: Session, body: CMap, path: string): CMap {
  const entries: CEntry[] = [];
  for (const e of body.entries) {
    const expected = SERVICE_KEYS[e.key];
    if (!expected || isNullValue(e.value)) {
      entries.push(e);
      continue;
    }
    const keyPath = child(path, e.key);
    const kind = kindOf(e.value);
    if (!expected.kinds.includes(kind)) {
      session.note('dropped', keyPath, e.value.span, `${e.key} is ${WORDS[kind]} here, where docker compose expects ${expectation(expected.kinds)} and rejects the file: not converted.`);
      continue;
    }
    entries.push({ ...e, value: withItemKinds(session, e.key, e.value, keyPath, expected) });
  }
  return entries.length === body.entries.length ? body : { ...body, entries };
}

function withItemKinds(session: Session, key: string, value: CValue, path: string, expected: Expected): CValue {
  const wrong = (item: CValue, itemPath: string, allowed: Kind[], what: string): boolean => {
    if (isNullValue(item) || allowed.includes(kindOf(item))) return false;
    session.note('dropped', itemPath, item.span, `${WORDS[kindOf(item)][0].toUpperCase()}${WORDS[kindOf(item)].slice(1)} ${what} ${key}, where docker compose expects ${expectation(allowed)} and rejects the file: not converted.`);
    return true;
  };
  if (value.kind === 'seq' && expected.items) {
    const allowed = expected.items;
    const items = value.items.filter((item, index) => !wrong(item, child(path, index), allowed, 'in'));
    return items.length === value.items.length ? value : { ...value, items };
  }
  if (value.kind === 'map' && expected.values) {
    const allowed = expected.values;
    const entries = value.entries.filter((e) => !wrong(e.value, child(path, e.key), allowed, `as the value of ${e.key} in`));
    return entries.length === value.entries.length ? value : { ...value, entries };
  }
  return value;
}
