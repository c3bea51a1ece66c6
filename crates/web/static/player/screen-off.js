// Screen-off mode: the whole session as one MP3 (GET /api/v1/practices/{id}/audio),
// played by an <audio> element. Phones keep an audio element playing with the
// screen locked, which the Web Audio player cannot promise. Captions follow
// audio.currentTime; the lock screen gets the title and play/pause/seek keys.

import { captionAt, timeUpMs } from './timeline.js';

const ARTWORK = [
  { src: '/static/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
  { src: '/static/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
];
const AUDIO_CACHE = 'backcalm-audio';
const SEEK_S = 15;

/** `/api/v1/practices/{id}?q` → `/api/v1/practices/{id}/audio?q&voice=on`. */
export function audioUrl(timelineUrl) {
  const url = new URL(timelineUrl, location.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/audio`;
  url.searchParams.set('voice', 'on');
  return url.pathname + url.search;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** Keeps the file for offline use; a failure (quota, no Cache API) only loses that. */
function keepForOffline(url) {
  if (!('caches' in window)) return;
  caches.open(AUDIO_CACHE).then((c) => c.match(url).then((hit) => hit || c.add(url))).catch(() => {});
}

function lockScreen(audio, title) {
  if (!('mediaSession' in navigator)) return;
  const session = navigator.mediaSession;
  if (typeof MediaMetadata === 'function') {
    session.metadata = new MediaMetadata({ title, artist: 'backcalm', artwork: ARTWORK });
  }
  const seek = (by) => {
    const end = Number.isFinite(audio.duration) ? audio.duration : Infinity;
    audio.currentTime = Math.min(end, Math.max(0, audio.currentTime + by));
  };
  const handlers = {
    play: () => audio.play(),
    pause: () => audio.pause(),
    seekbackward: (d) => seek(-(d && d.seekOffset ? d.seekOffset : SEEK_S)),
    seekforward: (d) => seek(d && d.seekOffset ? d.seekOffset : SEEK_S),
  };
  for (const [action, fn] of Object.entries(handlers)) {
    try {
      session.setActionHandler(action, fn);
    } catch {
      // This browser does not know the action; the others still work.
    }
  }
}

/**
 * Adds the "Screen off" choice to the start screen.
 * `hooks`: { timeline() → prepared timeline, begin() → called as it starts
 * (hides the other screens), finish({ completed, actualS }) → the usual end }.
 */
export function offerScreenOff(root, hooks) {
  const prepare = document.getElementById('prepare');
  const startRow = prepare && prepare.querySelector('.start-row');
  if (!startRow || document.getElementById('screen-off-start')) return;
  const button = el('button', { type: 'button', id: 'screen-off-start', className: 'button' },
    'Play as one audio file (keeps playing with the screen locked)');
  startRow.after(el('p', { className: 'start-row screen-off-row' }, button));

  button.addEventListener('click', () => {
    const tl = hooks.timeline();
    if (!tl) return;
    const url = audioUrl(root.dataset.timelineUrl);
    const audio = el('audio', { id: 'screen-off-audio', controls: true, preload: 'none', src: url });
    const caption = el('p', { className: 'caption', id: 'screen-off-caption' });
    const end = el('button', { type: 'button', className: 'button button-quiet', id: 'screen-off-end' }, 'End');
    const section = el('section', { className: 'stage screen-off', id: 'screen-off' },
      el('p', { className: 'stage-step' }, 'Screen off: you can lock your phone, the sound keeps going.'),
      caption, audio, el('p', { className: 'controls' }, end));
    root.querySelector('#stage').after(section);
    hooks.begin();
    lockScreen(audio, tl.title);

    let lastCaption = null;
    audio.addEventListener('timeupdate', () => {
      const text = captionAt(tl, audio.currentTime * 1000);
      if (text !== lastCaption) {
        lastCaption = text;
        caption.textContent = text;
      }
    });
    audio.addEventListener('play', () => keepForOffline(url), { once: true });

    let done = false;
    const finish = (completed) => {
      if (done) return;
      done = true;
      audio.pause();
      section.hidden = true;
      hooks.finish({ completed, actualS: audio.currentTime });
    };
    audio.addEventListener('ended', () => finish(true));
    end.addEventListener('click', () => finish(audio.ended || audio.currentTime * 1000 >= timeUpMs(tl) - 1000));
    audio.play().catch(() => {
      // Autoplay refused: the visible controls let the person press play.
    });
    audio.focus();
  });
}
