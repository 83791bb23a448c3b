// Admin › Macros (issue #20, agent tools): the list of macros with what
// each does, a search box, a form to add or change one (name, reply with
// the template variables, as an internal note, status, tags, assignment,
// active) and delete after a confirmation. The server checks everything
// again and answers 422 macro.invalid naming the field, shown by it.
import {h, select, nextId} from '../dom.js';
import {t} from '../i18n.js';
import {get, post, patch, del, getAll} from '../api.js';
import {pageHeader, field, dialog, flash} from '../ui.js';
import {formDialog} from '../form_dialog.js';
import {adminNav} from '../admin_nav.js';
import {pickerSelect} from '../picker.js';
import {macroSummary, loadMacros} from '../macros.js';

const STATUSES = ['in_progress', 'waiting', 'resolved'];

function cell(label, ...v) {
  return h('td', {'data-label': t(label)}, ...v);
}

// A checkbox with its label after it, as the reply form's "internal note".
function check(box, label) {
  return h('div', {class: 'check'}, box, h('label', {for: box.id}, t(label)));
}

// The form's fields and its values as the API's body.
function macroForm(m, tags, staff) {
  const name = h('input', {name: 'name', value: m ? m.name : '', maxlength: 120});
  const body = h('textarea', {name: 'body', rows: 6}, m && m.body ? m.body : '');
  const internal = h('input', {type: 'checkbox', name: 'internal', id: nextId('macro-internal')});
  internal.checked = !!(m && m.internal);
  const status = select({name: 'status', 'data-enum': ''},
    STATUSES.map((s) => ({value: s, label: t('status.' + s)})), m && m.status ? m.status : '', t('macro.status_keep'));
  // tags: a checkbox per active tag (and any the macro names that is not)
  const chosen = new Set(m && m.tags ? m.tags.split(',').map((s) => s.trim()).filter(Boolean) : []);
  const names = [...new Set([...tags.filter((x) => x.active).map((x) => x.name), ...chosen])];
  const boxes = names.map((n) => {
    const id = nextId('macro-tag');
    const box = h('input', {type: 'checkbox', id, value: n});
    box.checked = chosen.has(n);
    return {n, box, li: h('li', {}, box, h('label', {for: id}, n))};
  });
  const tagsId = nextId('macro-tags');
  const tagsFs = h('fieldset', {class: 'field'}, h('legend', {}, t('macro.tags')),
    h('input', {type: 'hidden', name: 'tags', id: tagsId}),
    boxes.length ? h('ul', {class: 'check-list'}, ...boxes.map((b) => b.li)) : h('p', {class: 'muted'}, t('macro.no_tags')),
    h('p', {class: 'field-error', id: tagsId + '-err', hidden: true}));
  const assign = select({name: 'assign', 'data-enum': ''},
    [{value: 'self', label: t('macro.assign_self')}, {value: 'user', label: t('macro.assign_user')}],
    m && m.assign ? m.assign : '', t('macro.assign_none'));
  const assignee = pickerSelect({name: 'assignee_id'}, staff.map((u) => ({value: u.id, label: u.name})),
    m && m.assignee_id ? m.assignee_id : '', t('common.choose'));
  const assigneeField = field('macro.assignee', assignee);
  const showAssignee = () => { assigneeField.hidden = assign.value !== 'user'; };
  assign.addEventListener('change', showAssignee);
  showAssignee();
  const active = h('input', {type: 'checkbox', name: 'active', id: nextId('macro-active')});
  active.checked = m ? m.active : true;
  const fields = [field('macro.name', name, {required: true}),
    field('macro.body', body, {hint: 'macro.body_hint'}),
    check(internal, 'macro.internal'),
    field('macro.status', status), tagsFs, field('macro.assign', assign), assigneeField,
    check(active, 'macro.active')];
  const value = () => ({
    name: name.value.trim(), body: body.value.trim() || null, internal: internal.checked,
    status: status.value || null, tags: boxes.filter((b) => b.box.checked).map((b) => b.n).join(', ') || null,
    assign: assign.value || null,
    assignee_id: assign.value === 'user' && assignee.value ? Number(assignee.value) : null,
    active: active.checked,
  });
  return {fields, value};
}

export async function render(main) {
  const [tags, users] = await Promise.all([getAll('/tags').catch(() => []), getAll('/users').catch(() => [])]);
  const staff = users.filter((u) => u.active && (u.role === 'agent' || u.role === 'admin'));
  const listCard = h('section', {class: 'card', 'aria-labelledby': 'macro-list-h'});
  const search = h('input', {type: 'search', id: 'macro-search', autocomplete: 'off'});
  const slot = h('div', {});
  const add = h('button', {type: 'button', class: 'btn primary', id: 'macro-add'}, t('macro.add'));
  listCard.append(h('h2', {id: 'macro-list-h'}, t('macro.list')), h('p', {class: 'hint'}, t('macro.intro')),
    h('div', {class: 'toolbar'}, h('div', {class: 'field'}, h('label', {for: 'macro-search'}, t('macro.search')), search), add),
    slot);
  let items = [];

  async function reload() {
    items = (await get('/macros?per_page=200')).items;
    loadMacros(true).catch(() => {}); // the workspace's cache
    draw();
  }

  function edit(m) {
    const f = macroForm(m, tags, staff);
    formDialog(t(m ? 'macro.edit' : 'macro.add'), f.fields, async () => {
      const b = f.value();
      if (m) await patch(`/macros/${m.id}`, b); else await post('/macros', b);
      await reload();
      flash('macro.saved');
    });
  }

  async function remove(m) {
    const ok = await dialog({title: 'macro.delete', text: t('macro.delete_confirm', {name: m.name}), okLabel: 'macro.delete', danger: true});
    if (!ok) return;
    try { await del(`/macros/${m.id}`); await reload(); flash('macro.deleted'); }
    catch (e) { flash(e.message || t('error.generic'), 'error', true); }
  }

  function draw() {
    const q = search.value.trim().toLowerCase();
    const shown = items.filter((m) => !q || (m.name + ' ' + (m.body || '') + ' ' + (m.tags || '')).toLowerCase().includes(q));
    const rows = shown.map((m) => h('tr', {},
      cell('macro.name', h('strong', {}, m.name)),
      cell('macro.does', macroSummary(m, staff) || '—'),
      cell('macro.active', t(m.active ? 'common.yes' : 'common.no')),
      cell('common.actions', h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'btn small', onclick: () => edit(m)}, t('common.edit'), h('span', {class: 'sr'}, ' ' + m.name)),
        h('button', {type: 'button', class: 'btn small danger', onclick: () => remove(m)}, t('macro.delete'), h('span', {class: 'sr'}, ' ' + m.name))))));
    slot.replaceChildren(shown.length
      ? h('div', {class: 'table-wrap'}, h('table', {class: 'table'}, h('caption', {class: 'sr'}, t('macro.list')),
        h('thead', {}, h('tr', {}, ...['macro.name', 'macro.does', 'macro.active', 'common.actions']
          .map((k) => h('th', {scope: 'col'}, t(k))))), h('tbody', {}, ...rows)))
      : h('p', {class: 'muted'}, t(items.length ? 'macro.none_found' : 'macro.empty')));
  }
  search.addEventListener('input', () => draw());
  add.addEventListener('click', () => edit(null));

  await reload();
  main.append(adminNav('macros'), pageHeader('macro.admin_title'), listCard);
}
