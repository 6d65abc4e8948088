/* global document, fetch, setTimeout, clearTimeout */
// The one-time payment QR code of "Mon porte-monnaie": asks the server for a token (POST with the CSRF
// token of the cookie session), shows its QR image, and asks for a new one shortly before it expires. The
// delay comes from the server (data-refresh-ms), not from the phone's clock, which may be wrong.
// Refreshing stops after a few minutes (a phone left open must not mint tokens forever); a button resumes.
(function () {
  'use strict';
  var REFRESHES_MAX = 10;
  var section = document.getElementById('qr-paiement');
  var image = document.getElementById('qr-image');
  var status = document.getElementById('qr-status');
  var button = document.getElementById('qr-refresh');
  if (!section || !image || !status || !button) return;
  var refreshMs = Number(section.getAttribute('data-refresh-ms')) || 45000;
  var refreshes = 0;
  var timer = null;

  function show(text) {
    status.textContent = text;
  }

  function offerButton(text) {
    image.hidden = true;
    show(text);
    button.hidden = false;
  }

  function load() {
    button.hidden = true;
    fetch('/v1/me/payment-tokens', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': section.getAttribute('data-csrf') || '', Accept: 'application/json' },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (issued) {
        image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(issued.qrSvg);
        image.hidden = false;
        show('Code prêt : il sera renouvelé automatiquement avant d’expirer.');
        refreshes += 1;
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(function () {
          if (refreshes >= REFRESHES_MAX) {
            offerButton('Le code a expiré.');
          } else {
            load();
          }
        }, refreshMs);
      })
      .catch(function () {
        offerButton('Le code n’a pas pu être affiché. Réessayez ou présentez votre carte.');
      });
  }

  button.addEventListener('click', function () {
    refreshes = 0;
    load();
  });
  load();
})();
