/* global L, window, document, fetch, navigator, URLSearchParams */
// "Où utiliser ma carte ?" in the browser. Loads every active site from the public directory API (page by
// page, through its cursors), shows them as clustered markers and as a list, and keeps both in step:
// the same filters apply to both, and the list shows the sites inside the area the map shows. The list is
// the accessible equivalent of the map (RGAA): every site, its details and the "around me" order are
// reachable with the keyboard alone. The user's position is asked for only after a click on "Autour de
// moi", and never leaves the browser: distances are computed here.
'use strict';

(function partnerMap() {
  var PAGE_SIZE = 100;
  // 300 pages of 100: far more than the region's partners; a bound so a faulty API cannot loop forever.
  var PAGES_MAX = 300;
  var LIST_STEP = 50;
  var REGION_BOUNDS = [
    [48.83, 1.37],
    [51.09, 4.26],
  ];
  var DAYS = [
    ['monday', 'Lundi'],
    ['tuesday', 'Mardi'],
    ['wednesday', 'Mercredi'],
    ['thursday', 'Jeudi'],
    ['friday', 'Vendredi'],
    ['saturday', 'Samedi'],
    ['sunday', 'Dimanche'],
  ];
  var CATEGORY_COLOURS = {
    librairie: '#0b4f8a',
    papeterie: '#b5004b',
    'equipement-professionnel': '#146c2e',
    informatique: '#5a2d91',
    'beaux-arts': '#8a4b00',
  };

  var container = document.getElementById('carte');
  var statusLine = document.getElementById('etat');
  var list = document.getElementById('liste');
  var more = document.getElementById('plus');
  var categorySelect = document.getElementById('filtre-categorie');
  var textInput = document.getElementById('filtre-lieu');
  var aroundMe = document.getElementById('autour-de-moi');
  var details = document.getElementById('details');
  var detailsName = document.getElementById('details-nom');
  var detailsBody = document.getElementById('details-contenu');
  var detailsClose = document.getElementById('details-fermer');

  var categoryLabels = {};
  Array.prototype.forEach.call(categorySelect.options, function (option) {
    if (option.value !== '') categoryLabels[option.value] = option.textContent;
  });

  var state = {
    sites: [],
    markers: {},
    matching: [],
    shown: LIST_STEP,
    position: null,
    returnFocusSiteId: null,
  };

  var map = L.map(container, {
    zoomControl: false,
    maxBounds: L.latLngBounds(REGION_BOUNDS).pad(0.3),
    minZoom: 7,
    // Set on the map itself: without a tile layer nothing else defines it, and markercluster needs it.
    maxZoom: 18,
  });
  L.control.zoom({ zoomInTitle: 'Zoom avant', zoomOutTitle: 'Zoom arrière' }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.fitBounds(REGION_BOUNDS);

  if (container.dataset.tileUrl) {
    L.tileLayer(container.dataset.tileUrl, {
      attribution: 'Fond de carte : ' + container.dataset.tileAttribution,
      maxZoom: 18,
      crossOrigin: false,
    }).addTo(map);
  }

  if (container.dataset.outlineUrl) {
    fetch(container.dataset.outlineUrl)
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (outline) {
        if (outline === null) return;
        L.geoJSON(outline, {
          interactive: false,
          style: {
            className: 'map-outline',
            color: '#0b4f8a',
            weight: 2,
            fill: true,
            fillColor: '#f3f5f8',
            fillOpacity: 0.4,
          },
        }).addTo(map);
      })
      .catch(function () {
        // The outline is decoration: the map stays usable without it.
      });
  }

  var clusters = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
      var label = document.createElement('div');
      label.setAttribute('data-count', String(count));
      var number = document.createElement('span');
      number.textContent = String(count);
      var hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = ' points de vente, zoomer';
      number.appendChild(hidden);
      label.appendChild(number);
      return L.divIcon({
        html: label.outerHTML,
        className: 'marker-cluster marker-cluster-' + size,
        iconSize: L.point(40, 40),
      });
    },
  });
  map.addLayer(clusters);

  function fold(text) {
    return String(text)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .trim();
  }

  // Great-circle distance in km (haversine, mean Earth radius): precise enough to order shops.
  function distanceKm(from, site) {
    var toRadians = Math.PI / 180;
    var dLat = (site.lat - from.lat) * toRadians;
    var dLon = (site.lon - from.lon) * toRadians;
    var a =
      Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(from.lat * toRadians) *
        Math.cos(site.lat * toRadians) *
        Math.sin(dLon / 2) *
        Math.sin(dLon / 2);
    return 6371.0088 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function formatCount(count) {
    return count.toLocaleString('fr-FR');
  }

  function formatKm(km) {
    return km < 1
      ? Math.round(km * 1000) + ' m'
      : km.toLocaleString('fr-FR', { maximumFractionDigits: 1 }) + ' km';
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function loadAll() {
    var pages = 0;
    function next(cursor) {
      var query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      return fetch(container.dataset.directoryUrl + '?' + query.toString(), {
        headers: { Accept: 'application/json' },
      })
        .then(function (response) {
          if (!response.ok) throw new Error('directory answered ' + response.status);
          return response.json();
        })
        .then(function (page) {
          pages += 1;
          Array.prototype.push.apply(state.sites, page.items);
          statusLine.textContent = 'Chargement : ' + formatCount(state.sites.length) + ' points de vente…';
          if (page.nextCursor && pages < PAGES_MAX) return next(page.nextCursor);
          return undefined;
        });
    }
    return next(null);
  }

  function markerFor(site) {
    var marker = L.circleMarker([site.lat, site.lon], {
      radius: 8,
      weight: 2,
      color: '#ffffff',
      fillColor: CATEGORY_COLOURS[site.category] || '#0b4f8a',
      fillOpacity: 1,
    });
    marker.bindTooltip(site.name);
    marker.on('click', function () {
      showDetails(site, null);
    });
    return marker;
  }

  function matches(site, category, text) {
    if (category && site.category !== category) return false;
    if (!text) return true;
    return fold(site.name + ' ' + site.address.town + ' ' + site.address.postcode).indexOf(text) !== -1;
  }

  function applyFilters(fitToResults) {
    var category = categorySelect.value;
    var text = fold(textInput.value);
    state.matching = state.sites.filter(function (site) {
      return matches(site, category, text);
    });
    clusters.clearLayers();
    clusters.addLayers(
      state.matching.map(function (site) {
        return state.markers[site.id];
      }),
    );
    if (fitToResults && text && state.matching.length > 0) {
      map.fitBounds(
        L.latLngBounds(
          state.matching.map(function (site) {
            return [site.lat, site.lon];
          }),
        ).pad(0.1),
        { maxZoom: 14 },
      );
    }
    state.shown = LIST_STEP;
    renderList();
  }

  function visibleSites() {
    var bounds = map.getBounds();
    var visible = state.matching.filter(function (site) {
      return bounds.contains([site.lat, site.lon]);
    });
    if (state.position) {
      var from = state.position;
      visible.forEach(function (site) {
        site.distanceFromYou = distanceKm(from, site);
      });
      visible.sort(function (left, right) {
        return left.distanceFromYou - right.distanceFromYou;
      });
    } else {
      visible.sort(function (left, right) {
        return left.name.localeCompare(right.name, 'fr');
      });
    }
    return visible;
  }

  function renderList() {
    var visible = visibleSites();
    list.textContent = '';
    visible.slice(0, state.shown).forEach(function (site) {
      var item = element('li', 'site-item');
      item.dataset.siteId = site.id;
      item.dataset.category = site.category;
      var button = element('button', 'site-button');
      button.type = 'button';
      button.appendChild(element('span', 'site-name', site.name));
      var line = categoryLabels[site.category] + ' – ' + site.address.postcode + ' ' + site.address.town;
      if (state.position) line += ' – à ' + formatKm(site.distanceFromYou);
      button.appendChild(element('span', 'site-meta', line));
      button.addEventListener('click', function () {
        showDetails(site, button);
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    more.hidden = visible.length <= state.shown;
    var total = state.matching.length;
    statusLine.textContent =
      formatCount(visible.length) +
      (visible.length > 1 ? ' points de vente' : ' point de vente') +
      ' dans la zone affichée, ' +
      formatCount(total) +
      ' en tout' +
      (categorySelect.value || textInput.value.trim() ? ' avec ces filtres.' : '.');
  }

  function addDefinition(listNode, term, value) {
    listNode.appendChild(element('dt', '', term));
    var definition = element('dd');
    if (typeof value === 'string') definition.textContent = value;
    else definition.appendChild(value);
    listNode.appendChild(definition);
  }

  function hoursTable(hours) {
    var table = element('table', 'hours');
    var caption = element('caption', '', 'Horaires d’ouverture');
    table.appendChild(caption);
    var body = element('tbody');
    DAYS.forEach(function (day) {
      var row = element('tr');
      row.appendChild(element('th', '', day[1])).setAttribute('scope', 'row');
      var intervals = hours[day[0]] || [];
      var text =
        intervals.length === 0
          ? 'Fermé'
          : intervals
              .map(function (interval) {
                return interval.opens.replace(':', ' h ') + ' – ' + interval.closes.replace(':', ' h ');
              })
              .join(', ');
      row.appendChild(element('td', '', text));
      body.appendChild(row);
    });
    table.appendChild(body);
    return table;
  }

  function showDetails(site, origin) {
    // The list is rebuilt when the map moves to the site: remember the site, not the button.
    state.returnFocusSiteId = origin ? site.id : null;
    detailsName.textContent = site.name;
    detailsBody.textContent = '';
    var facts = element('dl', 'site-facts');
    addDefinition(facts, 'Catégorie', categoryLabels[site.category] || site.category);
    addDefinition(
      facts,
      'Adresse',
      site.address.street + ', ' + site.address.postcode + ' ' + site.address.town,
    );
    if (state.position)
      addDefinition(facts, 'Distance', 'à ' + formatKm(distanceKm(state.position, site)) + ' de vous');
    if (site.phone) {
      var phone = element('a', '', site.phone);
      phone.href = 'tel:' + site.phone.replace(/\s/g, '');
      addDefinition(facts, 'Téléphone', phone);
    }
    if (site.website) {
      var website = element('a', '', site.website.replace(/^https?:\/\//, '').replace(/\/$/, ''));
      website.href = site.website;
      website.rel = 'noopener noreferrer';
      addDefinition(facts, 'Site web', website);
    }
    addDefinition(facts, 'Porte-monnaie acceptés', site.acceptedWalletTypes.join(', '));
    detailsBody.appendChild(facts);
    detailsBody.appendChild(hoursTable(site.openingHours || {}));
    details.hidden = false;
    details.focus();
    var marker = state.markers[site.id];
    if (marker && clusters.hasLayer(marker)) {
      clusters.zoomToShowLayer(marker, function () {
        marker.openTooltip();
      });
    }
  }

  function closeDetails() {
    details.hidden = true;
    var siteId = state.returnFocusSiteId;
    state.returnFocusSiteId = null;
    var target = siteId ? list.querySelector('li[data-site-id="' + siteId + '"] button') : null;
    if (target) target.focus();
    else list.focus();
  }

  var typingTimer = null;
  textInput.addEventListener('input', function () {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () {
      applyFilters(true);
    }, 250);
  });
  categorySelect.addEventListener('change', function () {
    applyFilters(false);
  });
  document.getElementById('filtres').addEventListener('submit', function (event) {
    event.preventDefault();
    applyFilters(true);
  });
  more.addEventListener('click', function () {
    state.shown += LIST_STEP;
    renderList();
  });
  detailsClose.addEventListener('click', closeDetails);
  details.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeDetails();
  });
  map.on('moveend', function () {
    if (state.sites.length > 0) renderList();
  });

  aroundMe.addEventListener('click', function () {
    if (!navigator.geolocation) {
      statusLine.textContent = 'Votre navigateur ne sait pas donner votre position : cherchez une ville.';
      return;
    }
    statusLine.textContent = 'Recherche de votre position…';
    navigator.geolocation.getCurrentPosition(
      function (position) {
        state.position = { lat: position.coords.latitude, lon: position.coords.longitude };
        map.setView([state.position.lat, state.position.lon], 12);
        renderList();
      },
      function () {
        statusLine.textContent =
          'Position indisponible ou refusée : cherchez plutôt une ville ou un code postal.';
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 },
    );
  });

  list.tabIndex = -1;
  loadAll()
    .then(function () {
      state.sites.forEach(function (site) {
        state.markers[site.id] = markerFor(site);
      });
      container.dataset.loaded = String(state.sites.length);
      applyFilters(false);
    })
    .catch(function () {
      statusLine.textContent = 'Les points de vente n’ont pas pu être chargés. Réessayez dans un instant.';
    });
})();
