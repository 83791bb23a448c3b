// Reply drafts that survive navigation, Back, a reload and a language
// switch (issue #20 item 4): the text of a ticket's reply box is kept in
// localStorage under the user and the ticket (loket.draft.<user>.<ticket>),
// put back when the box is built again, and dropped when it is sent.
//
// Saved on every keystroke and when the box loses focus (a canned response
// fills it without typing). A submit drops the stored copy at once; if the
// send fails the text is still in the box, and it is stored again on the
// next keystroke or, at the latest, when the page is left: hashchange in the
// capture phase runs before app.js's router clears the page.
import {h} from './dom.js';
import {t} from './i18n.js';
import {session} from './session.js';

const PREFIX = 'loket.draft.';

function store(key, text) {
  try {
    if (text.trim()) localStorage.setItem(key, text); else localStorage.removeItem(key);
  } catch (e) { /* storage full or private mode: the draft lives only in the page */ }
}

function stored(key) {
  try { return localStorage.getItem(key) || ''; } catch (e) { return ''; }
}

// textarea: the reply box, already inside its form; ticket: the ticket number.
export function keepDraft(textarea, ticket) {
  if (!session.user || !ticket) return;
  const key = `${PREFIX}${session.user.id}.${ticket}`;
  const saved = stored(key);
  if (saved && !textarea.value.trim()) {
    textarea.value = saved;
    textarea.after(h('p', {class: 'hint draft-note'}, t('intake.draft_restored')));
  }
  const save = () => store(key, textarea.value);
  textarea.addEventListener('input', save);
  textarea.addEventListener('blur', save);
  if (textarea.form) textarea.form.addEventListener('submit', () => store(key, ''));
  const leave = () => {
    if (!textarea.isConnected) { off(); return; } // sent (the page was rebuilt) or left already
    save();
  };
  const langSwitch = (e) => { if (e.target.closest && e.target.closest('#lang-switch')) leave(); };
  function off() {
    window.removeEventListener('hashchange', leave, true);
    window.removeEventListener('pagehide', leave);
    document.removeEventListener('click', langSwitch, true);
  }
  window.addEventListener('hashchange', leave, true);
  window.addEventListener('pagehide', leave);
  document.addEventListener('click', langSwitch, true);
}
