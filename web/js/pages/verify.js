// The link from the sign-up mail (#/verify?token=...): confirms the address
// once, then offers the login page. Run by the page's script, not by a GET
// of the link, so mail scanners that open links do not use the token up.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {post} from '../api.js';

export async function render(main, params, query) {
  const card = h('section', {class: 'card narrow'}, h('h1', {}, t('verify.title')));
  main.append(card);
  const token = query.get('token') || '';
  try {
    await post('/auth/verify', {token}, {noRedirect: true});
    card.append(h('p', {role: 'status', class: 'flash'}, t('verify.done')),
      h('p', {}, h('a', {href: '#/login', class: 'btn primary'}, t('verify.to_login'))));
  } catch (err) {
    card.append(h('p', {role: 'alert', class: 'flash error'},
      err.status === 404 ? t('verify.invalid') : err.message), // 404: signup.invalid_token
      h('p', {}, h('a', {href: '#/signup'}, t('verify.again'))));
  }
}
