// The admins' survey page (#/admin/surveys, issue #22 item 6, seed 002
// "Survey Kepuasan Pengguna"): the questionnaires with their status and
// response counts; create and edit (questions and period only while a
// draft), activate, send the current period now, close, delete a draft.
// Results are on the leaders' dashboard (dashboard_survey.js).
import {h, select} from '../dom.js';
import {t, fmtNumber, fmtDate} from '../i18n.js';
import {get, post, patch, del} from '../api.js';
import {pageHeader, field, dialog, flash, errorBox} from '../ui.js';
import {formDialog} from '../form_dialog.js';
import {adminNav} from '../admin_nav.js';

// A new survey starts from the seed's aim (seed 000: measure satisfaction to
// improve the service; seed 002: problems solved well, tickets within 24 h).
const DEFAULT_QUESTIONS = [1, 2, 3, 4].map((n) => ({kind: 'scale', key: 'q' + n,
  text_id: t(`sv.default_q${n}_id`), text_en: t(`sv.default_q${n}_en`)}))
  .concat([{kind: 'text', key: 'saran', text_id: t('sv.default_q5_id'), text_en: t('sv.default_q5_en')}]);

// The question rows of the editor; read() gives the API's array.
function questionsEditor(list, locked) {
  const box = h('div', {class: 'sv-editor', id: 'survey-questions'});
  const rows = [];
  // the API names a bad question "questions" or "questions[i].member";
  // ui.showErrors puts the first by the input of that name, into <id>-err
  const hidden = h('input', {type: 'hidden', name: 'questions', id: 'survey-questions-input'});
  const err = h('p', {class: 'field-error', id: hidden.id + '-err', hidden: true});
  function add(q) {
    const i = rows.length;
    const kind = select({name: `questions[${i}].kind`, 'data-enum': '', disabled: locked},
      [['scale', t('sv.kind_scale')], ['text', t('sv.kind_text')]].map(([value, label]) => ({value, label})), q.kind);
    const tid = h('input', {name: `questions[${i}].text_id`, value: q.text_id || '', maxlength: 500, disabled: locked});
    const ten = h('input', {name: `questions[${i}].text_en`, value: q.text_en || '', maxlength: 500, disabled: locked});
    const remove = h('button', {type: 'button', class: 'btn small', disabled: locked}, t('sv.remove_q'));
    const row = h('fieldset', {class: 'sv-qrow'}, h('legend', {}, t('sv.question_n', {n: i + 1})),
      field('sv.kind', kind), field('sv.text_id', tid, {required: true}), field('sv.text_en', ten), remove);
    const r = {row, kind, tid, ten, key: q.key};
    remove.addEventListener('click', () => { row.remove(); rows.splice(rows.indexOf(r), 1); });
    rows.push(r);
    box.insertBefore(row, addBtn);
  }
  const addBtn = h('button', {type: 'button', class: 'btn', id: 'survey-add-q', disabled: locked}, t('sv.add_q'));
  box.append(addBtn, hidden, err);
  hidden.setAttribute('aria-describedby', err.id);
  list.forEach(add);
  addBtn.addEventListener('click', () => add({kind: 'scale'}));
  return {node: box, read: () => rows.map((r) => {
    const q = {kind: r.kind.value, text_id: r.tid.value.trim()};
    if (r.key) q.key = r.key;
    if (r.ten.value.trim()) q.text_en = r.ten.value.trim();
    return q;
  })};
}

function editor(s, done) {
  const draft = !s || s.status === 'draft';
  const title = h('input', {name: 'title', maxlength: 200, value: s ? s.title : t('sv.default_title')});
  const period = select({name: 'period', 'data-enum': '', disabled: !draft},
    [['monthly', t('sv.monthly')], ['quarterly', t('sv.quarterly')]].map(([value, label]) => ({value, label})), s ? s.period : 'monthly');
  const size = h('input', {name: 'sample_size', type: 'number', min: 0, max: 100000, value: s ? s.sample_size : 50});
  const pct = h('input', {name: 'sample_percent', type: 'number', min: 0, max: 100, value: s ? s.sample_percent : 0});
  const qe = questionsEditor(s ? s.questions : DEFAULT_QUESTIONS, !draft);
  const body = h('div', {}, field('sv.field_title', title, {required: true}), field('sv.period', period),
    h('div', {class: 'sv-sample'}, field('sv.sample_size', size, {hint: 'sv.sample_size_hint'}),
      field('sv.sample_percent', pct, {hint: 'sv.sample_percent_hint'})),
    h('h3', {}, t('sv.questions')), draft ? null : h('p', {class: 'hint'}, t('sv.locked')), qe.node);
  formDialog(t(s ? 'sv.edit' : 'sv.new'), body, async () => {
    const b = {title: title.value.trim(), sample_size: Number(size.value || 0), sample_percent: Number(pct.value || 0)};
    if (draft) { b.period = period.value; b.questions = qe.read(); }
    const r = s ? await patch('/surveys/' + s.id, b) : await post('/surveys', b);
    flash(s ? 'sv.saved' : 'sv.created');
    done(r);
  });
}

const badge = (st) => h('span', {class: 'badge sv-st-' + st}, t(`sv.status_${st}`));

export async function render(main) {
  const list = h('div', {id: 'survey-list'});
  const add = h('button', {type: 'button', class: 'btn primary', id: 'survey-new'}, t('sv.new'));
  main.append(adminNav('surveys'), pageHeader('sv.title', add), h('p', {class: 'muted'}, t('sv.intro')), list);

  async function act(s, what) {
    const confirm = {activate: 'sv.confirm_activate', send: 'sv.confirm_send', close: 'sv.confirm_close', delete: 'sv.confirm_delete'}[what];
    const ok = await dialog({title: `sv.action_${what}`, text: t(confirm, {title: s.title}), okLabel: `sv.action_${what}`, danger: what === 'delete' || what === 'close'});
    if (!ok) return;
    try {
      if (what === 'delete') await del('/surveys/' + s.id);
      else {
        const r = await post(`/surveys/${s.id}/${what}`);
        if (what === 'send') { flash(t('sv.sent', {n: fmtNumber(r.invited), period: r.period}), 'ok', true); }
      }
      if (what !== 'send') flash(`sv.done_${what}`);
    } catch (e) { flash(e.message, 'error', true); }
    draw();
  }

  async function draw() {
    let items;
    try { items = (await get('/surveys')).items; } catch (e) { list.replaceChildren(errorBox(e)); return; }
    if (!items.length) { list.replaceChildren(h('p', {class: 'card', id: 'survey-none'}, t('sv.none'))); return; }
    list.replaceChildren(...items.map((s) => {
      const btn = (what, cls = 'btn') => {
        const b = h('button', {type: 'button', class: cls, dataset: {action: what}}, t(`sv.action_${what}`));
        b.addEventListener('click', () => (what === 'edit' ? editor(s, draw) : act(s, what)));
        return b;
      };
      const actions = [];
      if (s.status !== 'closed') actions.push(btn('edit'));
      if (s.status === 'draft') actions.push(btn('activate', 'btn primary'), btn('delete', 'btn danger'));
      if (s.status === 'active') actions.push(btn('send', 'btn primary'), btn('close'));
      const last = s.sends && s.sends[0];
      return h('article', {class: 'card sv-card', dataset: {id: s.id}, 'aria-labelledby': 'sv-t-' + s.id},
        h('h2', {id: 'sv-t-' + s.id}, s.title, ' ', badge(s.status)),
        h('p', {class: 'muted'}, t('sv.summary', {period: t('sv.' + s.period), n: s.questions.length,
          sample: s.sample_size ? fmtNumber(s.sample_size) : t('sv.all'),
          invited: fmtNumber(s.invited), answered: fmtNumber(s.answered)})),
        last ? h('p', {class: 'hint'}, t('sv.last_sent', {period: last.period, at: fmtDate(last.sent_at)})) : null,
        h('div', {class: 'actions'}, actions));
    }));
  }
  add.addEventListener('click', () => editor(null, draw));
  await draw();
}
