// "Bantuan": the user guide (issue #21 item 10), docs/guide/panduan.md or
// guide.md as rendered by the server (GET /guide, md4c with raw HTML
// escaped), in the language the app is shown in. Its links to screens are
// plain "#/..." hashes, so they open the screen; tests/docs/check_guide.py
// fails when one names a screen the router does not have.
import {h} from '../dom.js';
import {currentLang} from '../i18n.js';
import {get} from '../api.js';

export async function render(main) {
  const r = await get('/guide?lang=' + encodeURIComponent(currentLang()), {noRedirect: true});
  const article = h('article', {class: 'card guide', lang: r.lang});
  article.innerHTML = r.html; // server-rendered Markdown, raw HTML disabled (core/markdown.c)
  const title = article.querySelector('h1');
  if (title) title.tabIndex = -1;
  main.append(article);
}
