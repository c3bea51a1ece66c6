// Form errors drawn the way the server draws them (templates/checkin.html):
// a summary at the top that links to the field, and the message next to the
// field itself. One problem at a time, as the API reports them.

const LABELS = {
  pain: 'Pain',
  stress: 'Stress',
  sleep: 'Sleep',
  feel: 'What it feels like',
  where: 'Where it is',
  activity: 'What you were doing',
  note: 'The note',
};

/** The API's "is required: …" after the question's plain name, as the no-script page says it. */
export function sentence(field, message) {
  const label = LABELS[field];
  if (!label) return message;
  return message.startsWith('is ') ? `${label} ${message}` : `${label}: ${message}`;
}

/** Removes every error shown in `form` and in the summary slot. */
export function clearErrors(form, slot) {
  slot.replaceChildren();
  for (const p of form.querySelectorAll('.field-error')) p.remove();
  for (const g of form.querySelectorAll('.has-error')) {
    g.classList.remove('has-error');
    g.removeAttribute('aria-describedby');
  }
  for (const i of form.querySelectorAll('[aria-invalid]')) {
    i.removeAttribute('aria-invalid');
    i.removeAttribute('aria-describedby');
  }
}

/** Shows `message` about `field` (the API's field name; "" for the whole form) and moves focus to the summary. */
export function showError(form, slot, field, message) {
  clearErrors(form, slot);
  const text = sentence(field, message);
  const group = field ? form.querySelector(`#field-${CSS.escape(field)}`) : null;
  const summary = document.createElement('div');
  summary.className = 'error-summary';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const h = document.createElement('h2');
  h.textContent = 'Please check one thing';
  const p = document.createElement('p');
  if (group) {
    const a = document.createElement('a');
    a.href = `#field-${field}`;
    a.textContent = text;
    p.append(a);
  } else {
    p.textContent = text;
  }
  summary.append(h, p);
  slot.append(summary);
  if (group) {
    group.classList.add('has-error');
    const note = document.createElement('p');
    note.className = 'field-error';
    note.id = `${field}-error`;
    note.textContent = text;
    const head = group.querySelector(':scope > legend, :scope > label');
    if (head) head.after(note); else group.prepend(note);
    const input = group.querySelector('input[type="text"], textarea, select');
    if (group.tagName === 'FIELDSET' || !input) {
      group.setAttribute('aria-describedby', note.id);
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', note.id);
    }
  }
  summary.focus();
}
