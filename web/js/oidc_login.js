// Sign-in with the office directory on the login page (issue #22 item 5):
// a "Masuk dengan <label>" button when the server has an OpenID Connect
// provider (GET /api/v1/auth/oidc), and the reason when a sign-in came back
// refused (#/login?oidc_error=oidc.<code>, api/oidc.c).
import {h} from './dom.js';
import {t, has} from './i18n.js';
import {get} from './api.js';

export function oidcLogin(form, query) {
  const code = query.get('oidc_error');
  if (code && /^oidc\.[a-z_]+$/.test(code)) {
    const key = 'oidc.error.' + code.slice(5);
    const text = has(key) ? t(key) : t('oidc.error.other');
    form.insertBefore(h('p', {class: 'form-error', role: 'alert'}, `${text} (${code})`),
      form.querySelector('h1').nextSibling);
  }
  get('/auth/oidc', {noRedirect: true}).then((r) => {
    if (!r.enabled) return;
    // right below the password form's button, whatever else came first
    form.querySelector('.actions').after(h('div', {class: 'oidc-login'},
      h('p', {class: 'muted'}, t('oidc.or')),
      h('a', {class: 'btn big', href: '/api/v1/auth/oidc/start'}, t('oidc.button', {label: r.label}))));
  }).catch(() => {});
}
