// The pain slider: a range input drawn large, kept in step with the plain
// 0-10 radio buttons that the form sends (and that work without script).
// It starts "not chosen", so no number is assumed for the person.

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/** Words for value `v` of a slider whose top is `max` (core's Rating::MAX, the range's max). */
function words(v, max) {
  if (v === '') return 'Not chosen yet: move the slider';
  if (v === '0') return 'No pain';
  if (v === max) return 'The worst pain you can imagine';
  return `out of ${max}`;
}

/** Turns on the slider inside `form`; returns { refresh } to call after the radios change. */
export function painSlider(form) {
  const slider = form.querySelector('.pain-slider');
  const range = slider?.querySelector('.pain-range');
  const radios = [...form.querySelectorAll('input[name="pain"]')];
  if (!slider || !range || radios.length === 0) return { refresh() {} };
  const number = slider.querySelector('.pain-number');
  const said = slider.querySelector('.pain-words');

  const current = () => radios.find((r) => r.checked)?.value ?? '';

  function refresh() {
    const v = current();
    slider.classList.toggle('is-unset', v === '');
    number.textContent = v === '' ? '–' : v;
    said.textContent = words(v, range.max);
    if (v !== '') range.value = v;
    range.setAttribute('aria-valuetext', v === '' ? 'not chosen yet' : `${v}, ${words(v, range.max)}`);
  }

  function choose(v) {
    for (const r of radios) r.checked = r.value === v;
    refresh();
    form.dispatchEvent(new CustomEvent('backcalm:pain', { detail: v }));
  }

  range.addEventListener('input', () => choose(range.value));
  // Choosing the value the thumb already shows fires no input event: a release or a key counts too.
  range.addEventListener('pointerup', () => choose(range.value));
  range.addEventListener('keyup', (e) => { if (KEYS.has(e.key)) choose(range.value); });

  slider.hidden = false;
  refresh();
  return { refresh };
}
