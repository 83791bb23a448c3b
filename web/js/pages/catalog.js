// The service catalogue: a search box and a category filter over the
// active services, each a card linking to its page. The search folds case,
// accents and punctuation and reads descriptions and keywords (search_fold.js).
import {h, clear, nextId} from '../dom.js';
import {t} from '../i18n.js';
import {ref, byId, options} from '../refdata.js';
import {pageHeader} from '../ui.js';
import {pickerSelect} from '../picker.js';
import {matches} from '../search_fold.js';

export async function render(main) {
  const [services, categories] = await Promise.all([ref('services'), ref('categories')]);
  const cats = byId(categories);
  const sid = nextId('search');
  const cid = nextId('cat');
  const search = h('input', {type: 'search', id: sid, name: 'q', class: 'search', autocomplete: 'off',
    placeholder: t('catalog.search_placeholder')});
  const cat = pickerSelect({id: cid, name: 'category_id'}, options(categories), '', t('list.all'));
  const grid = h('ul', {class: 'cards', 'aria-live': 'polite'});
  const none = h('p', {class: 'muted', hidden: true}, t('catalog.empty'));
  main.append(pageHeader('catalog.title'),
    h('p', {class: 'lead'}, t('catalog.intro')),
    h('div', {class: 'toolbar', role: 'search'},
      h('div', {class: 'field search-field'}, h('label', {for: sid}, t('list.search')), search),
      h('div', {class: 'field'}, h('label', {for: cid}, t('catalog.category')), cat)),
    grid, none);

  function show() {
    clear(grid);
    const list = services.filter((s) => s.active !== false &&
      (!cat.value || String(s.category_id) === cat.value) &&
      matches(search.value, s.name, s.description, s.keywords, (cats.get(s.category_id) || {}).name));
    for (const s of list) {
      const c = cats.get(s.category_id);
      grid.append(h('li', {class: 'card service-card'},
        h('h2', {}, h('a', {href: '#/services/' + s.id}, s.name)),
        h('p', {class: 'muted small'}, c ? c.name : ''),
        h('p', {}, s.description || ''),
        h('span', {class: 'badge kind-' + s.kind}, t('service.kind.' + s.kind))));
    }
    none.hidden = list.length > 0;
  }
  search.addEventListener('input', show);
  cat.addEventListener('change', show);
  show();
}
