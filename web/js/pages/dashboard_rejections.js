// The leaders' dashboard panel "rejections and cancellations" (issue #21
// item 9, seed 001: tickets turned down at the initial verification), from
// GET /api/v1/reports/rejections for the dashboard's period and unit:
// rejections by staff per reason code, apart from the requesters' own
// cancellations.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {num} from '../report_fmt.js';
import {get, qs} from '../api.js';
import {errorBox} from '../ui.js';
import {stat} from './dashboard_waiting.js';

// The server labels in Indonesian; the UI words the two kinds itself.
const reason = (r) => (r.kind === 'requester' ? '—' : r.code ? r.label : t('rep21.no_code'));

function table(rows) {
  const head = h('tr', {}, ['rep21.col_kind', 'rep21.col_reason', 'rep21.col_count'].map((k) => h('th', {scope: 'col'}, t(k))));
  const body = rows.map((r) => h('tr', {dataset: {kind: r.kind, code: r.code}},
    h('th', {scope: 'row'}, t(r.kind === 'requester' ? 'rep21.kind_requester' : 'rep21.kind_rejected')),
    h('td', {'data-label': t('rep21.col_reason')}, reason(r)),
    h('td', {class: 'num', 'data-label': t('rep21.col_count')}, num(r.count))));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'rejections-table'},
    h('caption', {class: 'muted rep21-caption'}, t('rep21.rejections_title')), h('thead', {}, head), h('tbody', {}, body)));
}

export function rejectionsPanel(params) {
  const box = h('section', {class: 'card', id: 'rejections-panel', 'aria-labelledby': 'rejections-panel-title'},
    h('h2', {id: 'rejections-panel-title'}, t('rep21.rejections_title')),
    h('p', {class: 'muted'}, t('rep21.rejections_note')));
  (async () => {
    try {
      const r = await get('/reports/rejections' + qs(params));
      if (!r.rows.length) {
        box.append(h('p', {id: 'rejections-empty'}, t('rep21.rejections_empty')));
        return;
      }
      box.append(h('div', {class: 'stats'},
        stat('rep21.stat_rejected', num(r.rejected), 'rejections-stat-rejected'),
        stat('rep21.stat_requester', num(r.cancelled_by_requester), 'rejections-stat-requester')),
      table(r.rows));
    } catch (e) {
      box.append(errorBox(e));
    }
  })();
  return box;
}
