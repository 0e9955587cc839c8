/* annals citation previews: hovering or focusing a superscript `[9]`
 * shows what is known of reference 9 in a small popup.
 *
 * The link itself still goes to the references page (`…/references/
 * index.html#ref-9`), with or without this script. The details live once
 * per language in `…/references/refs.js` next to that page (written by
 * `annals build`, see src/render/emit.rs), loaded with a <script> tag on
 * the first hover or focus, so that pages do not repeat them and it works
 * from file:// too. The popup never takes focus; Escape closes it.
 * Text reaches the page through text nodes only. */
(function () {
  'use strict';

  const REF = /(?:^|\/)([^/]+)\/references\/index\.html#ref-(\d+)$/;
  const loads = new Map();
  let tip = null;
  let shownFor = null;
  let hideTimer = 0;

  // The language's previews, loaded once per refs.js.
  function previews(link, lang) {
    const src = link.getAttribute('href').replace(/index\.html#ref-\d+$/, 'refs.js');
    if (!loads.has(src)) {
      loads.set(src, new Promise((resolve) => {
        const s = document.createElement('script');
        const done = () => resolve((window.annalsRefs || {})[lang] || null);
        s.onload = done;
        s.onerror = done;
        s.src = src;
        document.head.appendChild(s);
      }));
    }
    return loads.get(src);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // In the page's main landmark, where the superscripts are (content
  // outside every landmark is lost to readers that move by landmarks).
  function popup(link) {
    if (!tip) {
      tip = el('div', 'cite-tip');
      tip.id = 'cite-tip';
      tip.setAttribute('role', 'tooltip');
      tip.hidden = true;
      // Keeping the pointer on the popup keeps it open, for its link.
      tip.addEventListener('mouseenter', () => clearTimeout(hideTimer));
      tip.addEventListener('mouseleave', hideSoon);
    }
    const home = link.closest('main') || document.body;
    if (tip.parentNode !== home) home.appendChild(tip);
    return tip;
  }

  function fill(box, data, n, href) {
    box.textContent = '';
    const r = data && data.r[n];
    const lines = r ? [r.t, [r.p, r.d].filter(Boolean).join(' · '), r.h].filter(Boolean) : [];
    box.append(el('span', 'cite-tip-n', `[${n}]`));
    if (!lines.length) box.append(el('span', 'cite-tip-none', data ? data.none : '…'));
    lines.forEach((text, i) => box.append(el('span', i ? 'cite-tip-meta' : 'cite-tip-title', text)));
    if (data) {
      const a = el('a', 'cite-tip-open', data.open);
      a.href = href;
      a.tabIndex = -1; // the superscript itself is the keyboard's way there
      box.append(a);
    }
  }

  // Below the link, inside the window; `left` and `top` count from the
  // popup's containing block: a positioned ancestor, else the document.
  function place(box, link) {
    box.style.left = '0px'; // measured at its widest
    const width = box.offsetWidth;
    const r = link.getBoundingClientRect();
    const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    let x = window.scrollX;
    let y = window.scrollY;
    const host = box.offsetParent;
    if (host && host !== document.body) {
      const h = host.getBoundingClientRect();
      x = host.scrollLeft - h.left - host.clientLeft;
      y = host.scrollTop - h.top - host.clientTop;
    }
    box.style.left = `${left + x}px`;
    box.style.top = `${r.bottom + y + 4}px`;
  }

  async function show(link) {
    const m = REF.exec(link.getAttribute('href') || '');
    if (!m) return;
    clearTimeout(hideTimer);
    const box = popup(link);
    shownFor = link;
    link.setAttribute('aria-describedby', box.id);
    fill(box, null, m[2], link.href);
    box.hidden = false;
    place(box, link);
    const data = await previews(link, m[1]);
    if (shownFor !== link) return;
    fill(box, data, m[2], link.href);
    place(box, link);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!tip || !shownFor) return;
    shownFor.removeAttribute('aria-describedby');
    shownFor = null;
    tip.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  const citation = (target) => target instanceof Element && target.closest('sup.cite a');

  document.addEventListener('mouseover', (e) => {
    const a = citation(e.target);
    if (a && a !== shownFor) show(a);
    else if (a) clearTimeout(hideTimer);
  });
  document.addEventListener('mouseout', (e) => {
    if (citation(e.target)) hideSoon();
  });
  document.addEventListener('focusin', (e) => {
    const a = citation(e.target);
    if (a) show(a);
  });
  document.addEventListener('focusout', (e) => {
    if (citation(e.target) === shownFor) hide();
  });
  window.addEventListener('resize', () => {
    if (shownFor) place(tip, shownFor);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
})();
