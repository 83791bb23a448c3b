// FAQ: browse by category, search, and links to read or propose entries.
import {h, clear, nextId} from '../dom.js';
import {t} from '../i18n.js';
import {get, qs} from '../api.js';
import {ref, byId, options} from '../refdata.js';
import {pageHeader} from '../ui.js';
import {isStaff} from '../session.js';
import {pickerSelect} from '../picker.js';

export async function render(main) {
  const categories = await ref('categories');
  const cats = byId(categories);
  const sid = nextId('search');
  const cid = nextId('cat');
  const search = h('input', {type: 'search', id: sid, name: 'q', class: 'search', autocomplete: 'off', placeholder: t('faq.search_placeholder')});
  const cat = pickerSelect({id: cid, name: 'category_id'}, options(categories), '', t('list.all'));
  const list = h('div', {class: 'faq-list', 'aria-live': 'polite'});
  const head = pageHeader('faq.title', h('a', {class: 'btn', href: '#/faq-propose'}, t('faq.propose')),
    isStaff() ? h('a', {class: 'btn', href: '#/faq-proposals'}, t('faq.proposals')) : null);
  main.append(head,
    h('div', {class: 'toolbar', role: 'search'},
      h('div', {class: 'field search-field'}, h('label', {for: sid}, t('list.search')), search),
      h('div', {class: 'field'}, h('label', {for: cid}, t('catalog.category')), cat)),
    list);
  let seq = 0;
  async function load() {
    const my = ++seq;
    const r = await get('/faq' + qs({q: search.value.trim(), category_id: cat.value, per_page: 100}));
    if (my !== seq) return;
    clear(list);
    const groups = new Map();
    for (const f of r.items) {
      const k = f.category_id || 0;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(f);
    }
    for (const [k, items] of groups) {
      const c = cats.get(k);
      list.append(h('section', {class: 'card'}, h('h2', {}, c ? c.name : t('faq.uncategorised')),
        h('ul', {class: 'plain'}, items.map((f) => h('li', {}, h('a', {href: '#/faq/' + f.id}, f.question))))));
    }
    if (!r.items.length) list.append(h('p', {class: 'muted'}, t('faq.empty')));
  }
  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  cat.addEventListener('change', load);
  await load();
}
