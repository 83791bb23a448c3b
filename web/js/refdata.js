// Master data the pages label things with (services, categories, units,
// priorities, tags ...), loaded once per session and cached.
import {getAll} from './api.js';

const cache = {};

export function ref(name) {
  if (!cache[name]) cache[name] = getAll('/' + name).catch((e) => { delete cache[name]; throw e; });
  return cache[name];
}

export function forget(name) { delete cache[name]; }

export function byId(items) {
  const m = new Map();
  for (const it of items) m.set(it.id, it);
  return m;
}

// search: what a picker matches besides the label (a service's description and keywords, issue #20)
export const options = (items, label = 'name') =>
  items.filter((it) => it.active !== false).map((it) => ({value: it.id, label: it[label],
    search: [it.description, it.keywords].filter(Boolean).join(' ') || undefined}));
