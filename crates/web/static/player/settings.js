// The player's settings (voice, speaking pace, bell volume, announcements),
// kept in localStorage on this device and bound to the settings panel.

const KEY = 'backcalm-player-settings';

export const DEFAULTS = Object.freeze({
  voice: true,
  voiceURI: '',
  rate: 0.9,
  volume: 0.8,
  announcePrompts: true,
  // Off by default: in a long pacer run an announcement every few seconds is too chatty.
  announceBreath: false,
});

function clamp(v, lo, hi, fallback) {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}

/** Reads the stored settings, falling back to the defaults for anything missing or odd. */
export function load() {
  let stored = {};
  try {
    stored = JSON.parse(localStorage.getItem(KEY) || '{}') || {};
  } catch {
    stored = {};
  }
  return {
    voice: typeof stored.voice === 'boolean' ? stored.voice : DEFAULTS.voice,
    voiceURI: typeof stored.voiceURI === 'string' ? stored.voiceURI : DEFAULTS.voiceURI,
    rate: clamp(stored.rate, 0.7, 1.1, DEFAULTS.rate),
    volume: clamp(stored.volume, 0, 1, DEFAULTS.volume),
    announcePrompts: typeof stored.announcePrompts === 'boolean' ? stored.announcePrompts : DEFAULTS.announcePrompts,
    announceBreath: typeof stored.announceBreath === 'boolean' ? stored.announceBreath : DEFAULTS.announceBreath,
  };
}

function save(settings) {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private mode or full storage: the settings last for this visit only.
  }
}

/** Fills the voice list from speechSynthesis, voices in the page's language first. */
function fillVoices(select, chosen) {
  if (!('speechSynthesis' in window)) return;
  const lang = (document.documentElement.lang || 'en').toLowerCase();
  const voices = speechSynthesis.getVoices().slice();
  voices.sort((a, b) => {
    const ka = a.lang.toLowerCase().startsWith(lang) ? 0 : 1;
    const kb = b.lang.toLowerCase().startsWith(lang) ? 0 : 1;
    return ka - kb || a.name.localeCompare(b.name);
  });
  while (select.options.length > 1) select.remove(1);
  for (const v of voices) {
    const o = document.createElement('option');
    o.value = v.voiceURI;
    o.textContent = `${v.name} (${v.lang})`;
    o.selected = v.voiceURI === chosen;
    select.append(o);
  }
}

/**
 * Binds the settings panel to `settings` (changed in place and stored on
 * every change); `onChange(settings)` runs after each change.
 */
export function bind(doc, settings, onChange) {
  const $ = (id) => doc.getElementById(id);
  const voice = $('set-voice');
  const name = $('set-voice-name');
  const rate = $('set-rate');
  const rateOut = $('set-rate-out');
  const volume = $('set-volume');
  const volumeOut = $('set-volume-out');
  const announce = $('set-announce');
  const announceBreath = $('set-announce-breath');
  const canSpeak = 'speechSynthesis' in window;

  voice.checked = canSpeak && settings.voice;
  voice.disabled = !canSpeak;
  if (!canSpeak) voice.nextElementSibling.textContent = 'Speak the prompts aloud (this browser has no speech)';
  name.disabled = !canSpeak;
  rate.value = String(settings.rate);
  volume.value = String(settings.volume);
  announce.checked = settings.announcePrompts;
  announceBreath.checked = settings.announceBreath;
  const outputs = () => {
    rateOut.textContent = `${Math.round(settings.rate * 100)}%`;
    volumeOut.textContent = `${Math.round(settings.volume * 100)}%`;
  };
  outputs();
  fillVoices(name, settings.voiceURI);
  if (canSpeak) speechSynthesis.addEventListener('voiceschanged', () => fillVoices(name, settings.voiceURI));

  const changed = () => {
    settings.voice = voice.checked;
    settings.voiceURI = name.value;
    settings.rate = clamp(rate.value, 0.7, 1.1, DEFAULTS.rate);
    settings.volume = clamp(volume.value, 0, 1, DEFAULTS.volume);
    settings.announcePrompts = announce.checked;
    settings.announceBreath = announceBreath.checked;
    outputs();
    save(settings);
    onChange(settings);
  };
  for (const el of [voice, name, rate, volume, announce, announceBreath]) {
    el.addEventListener('input', changed);
    el.addEventListener('change', changed);
  }
}
