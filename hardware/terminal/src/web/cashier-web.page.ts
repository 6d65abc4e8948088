import { WEB_AMOUNT_TEXT_CHARS_MAX, WEB_POLL_MS } from './cashier-web.limits';

/**
 * The cashier's page, in French. No inline script or style: the Content-Security-Policy `default-src 'self'`
 * lets only `/caisse.js` and `/caisse.css` from this server run, so an injected string can never execute.
 * The per-run token travels in a meta tag; `token` is hex made by the server, so it needs no escaping.
 */
export function cashierPage(token: string): string {
  if (!/^[0-9a-f]+$/.test(token)) throw new Error('the page token must be hex');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="caisse-token" content="${token}">
<title>Caisse — Carte Génération #HDF</title>
<link rel="stylesheet" href="/caisse.css">
<script src="/caisse.js" defer></script>
</head>
<body>
<main>
<h1>Caisse — Carte Génération #HDF</h1>
<form id="montant-form" novalidate>
<label for="montant">Montant (€)</label>
<input id="montant" name="montant" type="text" inputmode="decimal" autocomplete="off"
  maxlength="${WEB_AMOUNT_TEXT_CHARS_MAX}" placeholder="12,50" required>
<button id="encaisser" type="submit">Encaisser</button>
</form>
<p id="erreur" role="alert"></p>
<p id="etat" aria-live="polite" data-tone="wait">Connexion à l'agent…</p>
<p id="montant-arme"></p>
<button id="annuler" type="button" disabled>Annuler le montant</button>
<p id="lecteur"></p>
</main>
</body>
</html>
`;
}

/** The page's script: posts actions with the token, polls `GET /state`, shows it. Plain ES2020, no build. */
export const CASHIER_SCRIPT = `'use strict';
(() => {
  const token = document.querySelector('meta[name="caisse-token"]').getAttribute('content');
  const form = document.getElementById('montant-form');
  const input = document.getElementById('montant');
  const submit = document.getElementById('encaisser');
  const clear = document.getElementById('annuler');
  const state = document.getElementById('etat');
  const armed = document.getElementById('montant-arme');
  const error = document.getElementById('erreur');
  const reader = document.getElementById('lecteur');
  // Integer arithmetic only: amounts are whole cents end to end, never floats.
  const euros = (cents) => Math.trunc(cents / 100) + ',' + String(cents % 100).padStart(2, '0') + ' €';

  function render(s) {
    state.textContent = s.message;
    state.dataset.tone = s.tone;
    armed.textContent = s.state === 'armed' ? 'Montant : ' + euros(s.amountCents) : '';
    reader.textContent = s.reader || '';
    input.disabled = !s.canAmount;
    submit.disabled = !s.canAmount;
    clear.disabled = !s.canClear;
  }

  async function post(path, body) {
    error.textContent = '';
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Caisse-Token': token },
        body: JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
      const answer = await response.json();
      if (!response.ok) {
        error.textContent = answer.error ? answer.error.message : 'Action refusée';
        return false;
      }
      render(answer);
      return true;
    } catch {
      error.textContent = "Agent injoignable : vérifiez que le programme de caisse tourne.";
      return false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await post('/amount', { amount: input.value })) input.value = '';
  });
  clear.addEventListener('click', () => void post('/clear', {}));

  async function poll() {
    try {
      const response = await fetch('/state', { cache: 'no-store', credentials: 'omit' });
      if (response.ok) render(await response.json());
    } catch {
      state.textContent = 'Agent injoignable';
      state.dataset.tone = 'error';
    }
    setTimeout(poll, ${WEB_POLL_MS});
  }
  void poll();
})();
`;

export const CASHIER_STYLE = `body { font-family: system-ui, sans-serif; margin: 2rem; font-size: 1.25rem; color: #1a1a1a; }
main { max-width: 36rem; }
label { display: block; font-weight: bold; margin-bottom: .25rem; }
input { font-size: 1.5rem; width: 10rem; padding: .25rem; }
button { font-size: 1.25rem; padding: .4rem 1rem; margin: .5rem .5rem .5rem 0; }
#etat { font-size: 1.75rem; font-weight: bold; padding: .75rem; border: 3px solid #555; }
#etat[data-tone="ok"] { border-color: #106b21; color: #106b21; }
#etat[data-tone="error"] { border-color: #a1101a; color: #a1101a; }
#erreur { color: #a1101a; min-height: 1.5rem; }
#lecteur { color: #444; font-size: 1rem; }
`;
