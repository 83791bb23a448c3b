// The leaders' dashboard panel "user satisfaction survey" (issue #22 item 6,
// seed 002 "Survey Kepuasan Pengguna"), from GET /api/v1/reports/survey for
// the dashboard's period (invitations sent in it): the response rate, per
// question the mean and the spread of 1..5, the rate per requesting unit and
// the free-text answers (admins and leaders only, as the dashboard itself).
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {num} from '../report_fmt.js';
import {get, qs} from '../api.js';
import {errorBox} from '../ui.js';
import {stat} from './dashboard_waiting.js';

function tableOf(id, caption, cols, rows) {
  const head = h('tr', {}, cols.map(([label]) => h('th', {scope: 'col'}, t(label))));
  const body = rows.map((r) => h('tr', {}, cols.map(([label, cell, isNum], i) =>
    (i === 0 ? h('th', {scope: 'row'}, cell(r))
      : h('td', {class: isNum ? 'num' : null, 'data-label': t(label)}, cell(r))))));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id},
    h('caption', {class: 'muted rep21-caption'}, caption), h('thead', {}, head), h('tbody', {}, body)));
}

// "1: 0 · 2: 1 · ..." and a bar of five shares, the numbers being the text.
function spread(r) {
  const total = r.responses || 1;
  const bar = h('span', {class: 'sv-bar', 'aria-hidden': 'true'},
    [1, 2, 3, 4, 5].map((v) => {
      const seg = h('span', {class: 'sv-seg sv-v' + v});
      seg.style.width = (100 * r['n' + v]) / total + '%'; // CSSOM: no inline style attribute (CSP)
      return seg;
    }));
  return h('span', {class: 'sv-spread'}, bar,
    h('span', {class: 'sv-counts'}, [1, 2, 3, 4, 5].map((v) => `${v}: ${num(r['n' + v])}`).join(' · ')));
}

const QUESTION_COLS = [
  ['sv.col_question', (r) => h('span', {}, r.text, h('span', {class: 'hint sv-sub'}, r.survey))],
  ['sv.col_responses', (r) => num(r.responses), true],
  ['sv.col_mean', (r) => num(r.mean, 2), true],
  ['sv.col_spread', spread],
];
const UNIT_COLS = [
  ['sv.col_unit', (r) => r.unit],
  ['sv.col_invited', (r) => num(r.invited), true],
  ['sv.col_answered', (r) => num(r.answered), true],
  ['sv.col_rate', (r) => num(r.response_rate, 1) + ' %', true],
];

export function surveyPanel(params) {
  const box = h('section', {class: 'card', id: 'survey-panel', 'aria-labelledby': 'survey-panel-title'},
    h('h2', {id: 'survey-panel-title'}, t('sv.panel_title')),
    h('p', {class: 'muted'}, t('sv.panel_note')));
  (async () => {
    try {
      const {month, from, to} = params;
      const r = await get('/reports/survey' + qs({month, from, to}));
      if (!r.invited) {
        box.append(h('p', {id: 'survey-empty'}, t('sv.panel_empty')));
        return;
      }
      box.append(h('div', {class: 'stats'},
        stat('sv.stat_invited', num(r.invited), 'survey-stat-invited'),
        stat('sv.stat_answered', num(r.answered), 'survey-stat-answered'),
        stat('sv.stat_rate', num(r.response_rate, 1) + ' %', 'survey-stat-rate')));
      if (r.questions.length) box.append(tableOf('survey-questions', t('sv.questions_caption'), QUESTION_COLS, r.questions));
      box.append(tableOf('survey-units', t('sv.units_caption'), UNIT_COLS, r.units));
      if (r.comments.length) {
        box.append(h('h3', {}, t('sv.comments_title')), h('ul', {class: 'sv-comments', id: 'survey-comments'},
          r.comments.map((c) => h('li', {}, h('q', {}, c.text),
            h('span', {class: 'hint sv-sub'}, `${c.question} · ${c.unit} · ${c.period}`)))));
      }
    } catch (e) {
      box.append(errorBox(e));
    }
  })();
  return box;
}
