// The drawn body map: each place is a real <button aria-pressed> laid over
// its shape in the SVG. The buttons tick and untick the plain checkboxes of
// the table that the form sends (and that work without script), so there is
// one source of truth. Below the drawing, a list says in words what is marked.

const VIEW_W = 200;
const VIEW_H = 400;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** Turns on the body map inside `form`; returns { refresh } to call after the checkboxes change. */
export function bodyMap(form) {
  const map = form.querySelector('.bodymap');
  if (!map) return { refresh() {} };
  const boxes = [...form.querySelectorAll('input[name="where"]')];
  const box = new Map(boxes.map((b) => [b.value, b]));
  const buttons = [...map.querySelectorAll('.spot-button')];
  const shapes = [...map.querySelectorAll('.spot')];
  const list = map.querySelector('.chosen-list');
  const none = map.querySelector('.chosen-none');
  const title = map.querySelector('#chosen-title');

  // Positions come from the same numbers that drew the shapes (CSSOM, allowed by the CSP).
  for (const b of buttons) {
    const { x, y, w, h } = b.dataset;
    Object.assign(b.style, {
      left: `${(x / VIEW_W) * 100}%`,
      top: `${(y / VIEW_H) * 100}%`,
      width: `${(w / VIEW_W) * 100}%`,
      height: `${(h / VIEW_H) * 100}%`,
    });
  }

  // A place reads as its button on the drawing says it ("Calf, left side"); a
  // region the drawing has no button for (e.g. a whole thigh, ticked without
  // script) as the table says it ("Thighs").
  const names = new Map();
  for (const b of buttons) {
    if (!names.has(b.dataset.region)) names.set(b.dataset.region, b.textContent.trim());
  }
  const words = (b) => names.get(b.value)
    || b.parentElement?.querySelector('.visually-hidden')?.textContent?.trim()
    || b.value;

  function refresh() {
    for (const b of buttons) {
      b.setAttribute('aria-pressed', String(Boolean(box.get(b.dataset.region)?.checked)));
    }
    for (const s of shapes) s.classList.toggle('is-marked', Boolean(box.get(s.dataset.region)?.checked));
    const marked = boxes.filter((b) => b.checked);
    const items = marked.map((b) => {
      const text = words(b);
      const clear = el('button', { type: 'button', className: 'chosen-remove', textContent: '×' });
      clear.setAttribute('aria-label', `Clear: ${text}`);
      clear.dataset.region = b.value;
      return el('li', {}, el('span', {}, text), clear);
    });
    list.replaceChildren(...items);
    none.hidden = marked.length > 0;
  }

  map.addEventListener('click', (e) => {
    const spot = e.target.closest('.spot-button');
    if (spot) {
      const b = box.get(spot.dataset.region);
      if (b) b.checked = !b.checked;
      refresh();
      return;
    }
    const clear = e.target.closest('.chosen-remove');
    if (clear) {
      const next = clear.closest('li')?.nextElementSibling?.querySelector('.chosen-remove')?.dataset.region
        || clear.closest('li')?.previousElementSibling?.querySelector('.chosen-remove')?.dataset.region;
      const b = box.get(clear.dataset.region);
      if (b) b.checked = false;
      refresh();
      // Keep the keyboard in the list rather than dropping it at the top of the page.
      const target = next && list.querySelector(`.chosen-remove[data-region="${next}"]`);
      if (target) target.focus();
      else { title.tabIndex = -1; title.focus(); }
      return;
    }
    const show = e.target.closest('.switch-button');
    if (show) {
      for (const s of map.querySelectorAll('.switch-button')) s.setAttribute('aria-pressed', String(s === show));
      for (const v of map.querySelectorAll('.bodymap-view')) v.classList.toggle('is-shown', v.dataset.view === show.dataset.show);
    }
  });

  map.hidden = false;
  refresh();
  return { refresh };
}
