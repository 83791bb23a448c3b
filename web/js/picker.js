// A searchable picker: a search box above a plain <select> that holds the
// matches. Plain controls, so keyboards, screen readers and phones all work
// as they do everywhere else; one match is chosen at once.
import {h, clear, nextId} from './dom.js';
import {t} from './i18n.js';

// opts: name, label (key), searchLabel (key), find(q) → [{value, label, item}]
// (with .total when the server has more matches than it sent),
// onChange(item|null), required
export function picker(opts) {
  const sid = nextId('pick-q');
  const id = nextId('pick');
  const q = h('input', {type: 'search', id: sid, class: 'search', autocomplete: 'off',
    placeholder: t('partner.picker_placeholder'), 'aria-controls': id});
  const sel = h('select', {id, name: opts.name, 'aria-describedby': id + '-err'});
  const count = h('p', {class: 'hint', id: id + '-count', 'aria-live': 'polite'});
  const err = h('p', {class: 'field-error', id: id + '-err', hidden: true});
  let found = [];
  let seq = 0;
  const current = () => found.find((o) => String(o.value) === sel.value) || null;

  function fill(list, keep) {
    found = list;
    clear(sel);
    sel.append(h('option', {value: ''}, t('common.choose')));
    for (const o of list) sel.append(h('option', {value: o.value}, o.label));
    if (keep && list.some((o) => String(o.value) === keep)) sel.value = keep;
    else if (list.length === 1) sel.value = String(list[0].value);
    else sel.value = '';
    count.textContent = list.total > list.length ? t('partner.picker_more', {n: list.length, total: list.total})
      : t('partner.picker_found', {n: list.length});
    if (sel.value !== keep) opts.onChange && opts.onChange(current());
  }

  async function search() {
    const my = ++seq;
    const keep = sel.value;
    try {
      const list = await opts.find(q.value.trim());
      if (my === seq) fill(list, keep);
    } catch (e) {
      if (my === seq) { count.textContent = e.message || t('error.generic'); }
    }
  }

  let timer;
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 200); });
  sel.addEventListener('change', () => opts.onChange && opts.onChange(current()));
  const el = h('div', {class: 'picker'},
    h('div', {class: 'field'}, h('label', {for: sid}, t(opts.searchLabel)), q),
    h('div', {class: 'field'}, h('label', {for: id}, t(opts.label)), sel, count, err));
  return {
    el, select: sel, search: q, reload: search,
    item: () => (current() ? current().item : null),
    value: () => sel.value,
    // Replace the matches without a search (e.g. the outputs of a new activity).
    set: (list) => { q.value = ''; fill(list, sel.value); },
  };
}
