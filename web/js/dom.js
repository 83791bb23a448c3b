// DOM building without HTML strings: every text goes through textContent,
// so user data can never become markup. h('a', {href: '#/x'}, 'text', child).
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
                 : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && !svg) el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// A select from [{value, label}], with an optional empty first option.
export function select(attrs, options, current, empty) {
  const s = h('select', attrs);
  if (empty !== undefined) s.append(h('option', {value: ''}, empty));
  for (const o of options) {
    s.append(h('option', {value: o.value, selected: String(o.value) === String(current ?? '')}, o.label));
  }
  return s;
}

let uid = 0;
export function nextId(prefix) { uid += 1; return `${prefix || 'f'}-${uid}`; }
