/**
 * The dashboard's way in when the API needs a key. The key goes into a
 * same-site cookie, which the API accepts for reads only: so fetches, links,
 * downloads and EventSource (which cannot send headers) all carry it, while a
 * forged cross-site form could never write with it.
 */
import { h } from './dom.js';

export const KEY_COOKIE = 'distillery_key';

export function saveKey(key) {
  document.cookie = `${KEY_COOKIE}=${encodeURIComponent(key)}; Path=/; SameSite=Strict`;
}

export function forgetKey() {
  document.cookie = `${KEY_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0`;
}

/** Replaces the page with a form asking for an API key; `reason` says why (the server's message). */
export function askForKey(reason) {
  // After the failed request's own error handling, which may redraw the page.
  setTimeout(() => showKeyForm(reason), 0);
}

function showKeyForm(reason) {
  const main = document.getElementById('main');
  if (!main || main.querySelector('form.key-prompt')) return;
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'off', required: true, 'aria-label': 'API key' });
  const form = h(
    'form',
    {
      class: 'key-prompt',
      onsubmit: (event) => {
        event.preventDefault();
        saveKey(input.value.trim());
        location.reload();
      },
    },
    h('h1', {}, 'API key needed'),
    h('p', {}, reason),
    h('p', {}, 'Paste an API key (the service prints an admin key on its first start). It is kept in a cookie for this site only.'),
    input,
    h('button', { type: 'submit' }, 'Use this key'),
  );
  main.replaceChildren(form);
}
