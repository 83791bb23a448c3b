// Self sign-up for people outside the office (issue #16 item 4): name,
// email, password; the answer is always "check your email", whether or not
// the address had an account (the server mails the link or a reminder).
import {h, clear} from '../dom.js';
import {t, currentLang} from '../i18n.js';
import {get, post} from '../api.js';
import {field, showErrors, clearErrors} from '../ui.js';

export async function render(main) {
  let open = true;
  try { open = (await get('/auth/signup', {noRedirect: true})).enabled; } catch (e) { open = false; }
  if (!open) {
    main.append(h('section', {class: 'card narrow'},
      h('h1', {}, t('signup.title')),
      h('p', {}, t('signup.closed')),
      h('p', {}, h('a', {href: '#/login'}, t('signup.to_login')))));
    return;
  }
  const name = h('input', {name: 'name', autocomplete: 'name', maxlength: '200'});
  const email = h('input', {name: 'email', type: 'email', autocomplete: 'email'});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'new-password', minlength: '8'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('signup.submit'));
  const form = h('form', {class: 'card narrow', novalidate: true},
    h('h1', {}, t('signup.title')),
    h('p', {class: 'muted'}, t('signup.intro')),
    field('signup.name', name, {required: true}),
    field('signup.email', email, {required: true}),
    field('signup.password', password, {required: true, hint: 'signup.password_hint'}),
    h('div', {class: 'actions'}, submit),
    h('p', {}, h('a', {href: '#/login'}, t('signup.have_account'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      await post('/auth/signup', {name: name.value, email: email.value, password: password.value,
        locale: currentLang()}, {noRedirect: true});
      clear(main);
      main.append(h('section', {class: 'card narrow'},
        h('h1', {}, t('signup.sent_title')),
        h('p', {role: 'status'}, t('signup.sent', {email: email.value.trim()})),
        h('p', {}, h('a', {href: '#/login'}, t('signup.to_login')))));
      main.querySelector('h1').focus?.();
    } catch (err) {
      showErrors(form, err);
    } finally {
      submit.disabled = false;
    }
  });
  main.append(form);
  name.focus();
}
