// Role policy (issue #21 item 8, seed 001: who may re-assign, reopen or
// delete attachments is set by role policy): a matrix of checkboxes, right
// by role, saved after a confirmation and in force at once.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, put} from '../api.js';
import {pageHeader, dialog, flash, errorBox} from '../ui.js';
import {adminNav} from '../admin_nav.js';

export async function render(main) {
  let p = await get('/role-policy');
  const table = h('table', {class: 'policy-matrix'});
  const boxes = {};
  const save = h('button', {type: 'submit', class: 'btn primary', id: 'policy-save'}, t('policy.save'));
  const reset = h('button', {type: 'button', class: 'btn', id: 'policy-defaults'}, t('policy.defaults'));
  const form = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'policy-h'},
    h('h2', {id: 'policy-h'}, t('policy.matrix')), h('p', {class: 'hint'}, t('policy.hint')),
    h('div', {class: 'table-wrap'}, table), h('div', {class: 'actions'}, reset, save));

  function draw() {
    table.replaceChildren(
      h('caption', {class: 'sr'}, t('policy.matrix')),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('policy.right')),
        ...p.classes.map((c) => h('th', {scope: 'col'}, t('policy.class.' + c))))),
      h('tbody', {}, ...p.rights.map((r) => h('tr', {},
        h('th', {scope: 'row'}, t('policy.r.' + r), h('span', {class: 'hint block'}, t('policy.rh.' + r))),
        ...p.classes.map((c) => {
          const box = h('input', {type: 'checkbox', name: r + ':' + c, 'aria-label': t('policy.cell', {right: t('policy.r.' + r), role: t('policy.class.' + c)})});
          box.checked = !!p.policy[r][c];
          (boxes[r] = boxes[r] || {})[c] = box;
          return h('td', {}, box);
        })))));
  }
  function changes(target) {
    const out = [], body = {};
    for (const r of p.rights) {
      for (const c of p.classes) {
        const want = target ? !!target[r][c] : boxes[r][c].checked;
        if (want !== !!p.policy[r][c]) {
          out.push(`${t('policy.r.' + r)} · ${t('policy.class.' + c)}: ${t(want ? 'policy.on' : 'policy.off')}`);
          (body[r] = body[r] || {})[c] = want;
        }
      }
    }
    return {out, body};
  }
  async function apply(target) {
    const {out, body} = changes(target);
    if (!out.length) { flash('policy.nothing'); return; }
    const ok = await dialog({title: 'policy.confirm_title', text: t('policy.confirm_text') + ' ' + out.join('; '),
      okLabel: 'policy.confirm'});
    if (!ok) { draw(); return; }
    try { p = await put('/role-policy', {policy: body}); draw(); flash('policy.saved'); }
    catch (e) { form.prepend(errorBox(e)); }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); apply(null); });
  reset.addEventListener('click', () => apply(p.defaults));
  draw();
  main.append(adminNav('policy'), pageHeader('policy.title'), form);
}
