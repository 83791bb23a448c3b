// On a phone a list's filters (everything in its toolbar but the search
// box) fold away behind one "Filter" button instead of filling the screen
// before the first row (issue #20 item 13). From 40rem up the button is
// hidden by app.css and the filters show as before. The button names how
// many filters are set, so a narrowed list is never a surprise.
import {h, nextId} from './dom.js';
import {t} from './i18n.js';

// root: a listView() (ui.js) element. Returns root.
export function collapseFilters(root) {
  const toolbar = root.querySelector('.toolbar');
  if (!toolbar) return root;
  toolbar.id = toolbar.id || nextId('filters');
  toolbar.classList.add('filters-collapsible');
  const count = h('span', {class: 'filter-count'});
  const button = h('button', {type: 'button', class: 'btn filter-toggle', 'aria-expanded': 'false',
    'aria-controls': toolbar.id}, t('intake.filters'), count);
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    toolbar.classList.toggle('filters-open', open);
  });
  const update = () => {
    // set filters: their (hidden picker or select) controls, not the search box or the sort
    const set = [...toolbar.querySelectorAll('select[name], input[name]')]
      .filter((c) => !['q', 'sort'].includes(c.name) && c.value !== '').length;
    count.textContent = set ? ` (${set})` : '';
  };
  toolbar.addEventListener('change', update);
  const search = toolbar.querySelector('.search-field');
  if (search) search.after(button); else toolbar.prepend(button);
  update();
  return root;
}
