// The browser player: wires the page (templates/player.html) to the engine.
//
// The Timeline comes from the API (the server compiles it; this only plays
// it). Start creates the AudioContext inside the click, as browsers require.
// Keys: Space or K pauses and resumes, N skips, unless focus is in a form field.

import { Engine } from './engine.js';
import { record } from './log.js';
import { offerScreenOff } from './screen-off.js';
import { draft, keep, replace, send } from './session.js';
import * as settingsStore from './settings.js';
import { Stage } from './stage.js';
import { durationWords, prepare, timeUpMs } from './timeline.js';
import { Voice } from './voice.js';
import { ScreenAwake } from './wakelock.js';

const $ = (id) => document.getElementById(id);

function isFormField(el) {
  return el instanceof Element && (el.closest('input, select, textarea, [contenteditable=""], [contenteditable="true"]') !== null);
}

/** Elements where Space already means "press me". */
function pressesOnSpace(el) {
  return el instanceof Element && el.closest('button, a[href], summary, [role="button"]') !== null;
}

function init(root) {
  if (!Array.isArray(window.__backcalm_log)) window.__backcalm_log = [];
  const settings = settingsStore.load();
  const voice = new Voice(settings);
  const wake = new ScreenAwake();
  const motion = matchMedia('(prefers-reduced-motion: reduce)');
  const live = $('announcer');
  const status = $('prepare-status');
  const startButton = $('start');
  const pauseButton = $('pause');
  const dialog = $('end-dialog');
  let tl = null;
  let engine = null;
  let stage = null;
  let run = null;
  let discard = false;
  let resumeAfterDialog = false;
  let announceTimer = 0;

  // Cleared first, so the same words said twice are announced twice.
  const announce = (text) => {
    clearTimeout(announceTimer);
    live.textContent = '';
    announceTimer = setTimeout(() => {
      live.textContent = text;
    }, 60);
  };

  $('prepare').hidden = false;
  $('player-settings').hidden = false;
  settingsStore.bind(document, settings, () => {
    if (engine && engine.running && !engine.paused) engine.volume.gain.setValueAtTime(settings.volume, engine.ctx.currentTime);
  });
  $('options-form').addEventListener('input', () => {
    status.textContent = 'You changed the settings: choose “Use these settings” to apply them before you start.';
  });
  motion.addEventListener('change', () => {
    if (stage) stage.pacer.reduced = motion.matches;
  });

  const setPauseLabel = () => {
    pauseButton.textContent = engine && engine.paused ? 'Resume' : 'Pause';
  };

  const show = (id) => {
    for (const s of ['prepare', 'stage', 'after', 'saved']) $(s).hidden = s !== id;
    const playing = id === 'stage';
    document.documentElement.classList.toggle('is-playing', playing);
    $('player-options').hidden = id !== 'prepare';
    $('player-settings').hidden = id !== 'prepare' && id !== 'stage';
    $('player-script').hidden = id !== 'prepare';
  };

  const onEnd = ({ completed, actualS }) => {
    run.completed = completed;
    run.actualS = actualS;
    if (dialog.open) dialog.close('ended');
    if (discard) {
      $('saved-title').textContent = 'Not saved';
      $('saved-text').textContent = 'Nothing was recorded. You can come back to this practice whenever you like.';
      show('saved');
      $('saved-title').focus();
      announce('Practice ended, not saved');
      return;
    }
    $('after-title').textContent = completed ? 'Well done. How do you feel now?' : 'You stopped early, and that is fine. How do you feel now?';
    $('after-intro').textContent = `You practised for ${durationWords(actualS)}. Everything below is optional; it helps you see later which practices suit you.`;
    show('after');
    $('after-title').focus();
    announce('Practice finished');
  };

  startButton.addEventListener('click', async () => {
    if (!tl || engine) return;
    const AudioCtx = window.AudioContext || window.webkitAudioContext;
    if (!AudioCtx) {
      status.textContent = 'This browser cannot play sound, so the player cannot keep time here. You can follow the script below instead.';
      return;
    }
    // Created inside the click: browsers only let a page start sound when a person asks.
    const ctx = new AudioCtx({ latencyHint: 'playback' });
    run = { id: crypto.randomUUID(), timeline: tl, startedAt: new Date(), actualS: 0, completed: false };
    stage = new Stage(document, tl, motion.matches);
    engine = new Engine(tl, { settings, voice, stage, announce, onEnd });
    $('end').textContent = tl.open_ended ? 'End' : 'End early';
    show('stage');
    setPauseLabel();
    await engine.start(ctx, wake);
    pauseButton.focus();
    announce(`${tl.title} started`);
  });

  const togglePause = () => {
    if (!engine || !engine.running) return;
    engine.toggle();
    setPauseLabel();
  };
  pauseButton.addEventListener('click', togglePause);
  $('skip').addEventListener('click', () => engine && engine.skip());
  $('end').addEventListener('click', () => {
    if (!engine || !engine.running) return;
    // An open run, or a timed sit whose closing bell has rung: nothing was cut short.
    if (tl.open_ended || engine.clock.positionMs() >= timeUpMs(tl)) {
      engine.finish(true);
      return;
    }
    resumeAfterDialog = !engine.paused;
    engine.pause();
    setPauseLabel();
    $('end-practised').textContent = durationWords(engine.practisedS());
    dialog.showModal();
    $('end-save').focus();
  });
  $('end-save').addEventListener('click', () => {
    discard = false;
    dialog.close('save');
    engine.finish(false);
  });
  $('end-discard').addEventListener('click', () => {
    discard = true;
    dialog.close('discard');
    engine.finish(false);
  });
  $('end-cancel').addEventListener('click', () => dialog.close('cancel'));
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'cancel' && dialog.returnValue !== '') return;
    if (engine && engine.running) {
      if (resumeAfterDialog) engine.resume();
      setPauseLabel();
      $('end').focus();
    }
  });

  // A finished practice is not lost when the page is left on the after
  // screen before Save (tab closed, phone locked): what is filled in so far
  // is kept, and Save then replaces it.
  let kept = false;
  const keepIfLeaving = () => {
    if (kept || $('after').hidden || !run) return;
    kept = true;
    const body = draft(run, $('before-form'), $('after-form'));
    record({ type: 'kept', id: body.id });
    keep(body);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') keepIfLeaving();
  });
  window.addEventListener('pagehide', keepIfLeaving);

  $('after-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = $('after-save');
    const error = $('after-error');
    button.disabled = true;
    error.hidden = true;
    const body = draft(run, $('before-form'), $('after-form'));
    let result;
    try {
      result = await (kept ? replace(body) : send(body));
    } catch (err) {
      result = { outcome: 'refused', message: `It could not be saved or kept on this device (${err.message}). Please try again.` };
    }
    record({ type: 'saved', outcome: result.outcome, id: body.id });
    if (result.outcome === 'refused') {
      error.textContent = `It could not be saved: ${result.message}`;
      error.hidden = false;
      button.disabled = false;
      return;
    }
    if (result.outcome === 'queued') {
      $('saved-title').textContent = 'Kept on this device';
      $('saved-text').textContent = 'backcalm could not reach your journal just now, so this session is kept on this device. It will be added as soon as the connection is back.';
    }
    show('saved');
    $('saved-title').focus();
  });

  document.addEventListener('keydown', (e) => {
    if (!engine || !engine.running || dialog.open) return;
    if (e.defaultPrevented || e.repeat || e.altKey || e.ctrlKey || e.metaKey) return;
    if (isFormField(e.target)) return;
    const key = e.key.toLowerCase();
    if (key === 'k' || (key === ' ' && !pressesOnSpace(e.target))) {
      e.preventDefault();
      togglePause();
    } else if (key === 'n') {
      e.preventDefault();
      engine.skip();
    }
  });

  fetch(root.dataset.timelineUrl, { headers: { Accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) {
        let detail = `the server answered ${res.status}`;
        try {
          detail = (await res.json()).detail || detail;
        } catch {
          // Not a problem document.
        }
        throw new Error(detail);
      }
      return res.json();
    })
    .then((json) => {
      tl = prepare(json);
      startButton.disabled = false;
      offerScreenOff(root, {
        timeline: () => (engine ? null : tl),
        begin: () => {
          run = { id: crypto.randomUUID(), timeline: tl, startedAt: new Date(), actualS: 0, completed: false };
          show('screen-off');
        },
        finish: onEnd,
      });
      record({ type: 'loaded', total_ms: tl.total_ms, bells: tl.bells.length });
    })
    .catch((err) => {
      status.textContent = `The player could not load this practice: ${err.message}. Check that backcalm is running, then reload the page.`;
    });
}

const root = $('player');
if (root) init(root);
