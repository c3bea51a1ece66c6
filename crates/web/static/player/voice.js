// Spoken prompts through the browser's speech synthesis, when voice is on.
// Captions are shown whatever happens here; speech is an addition.

export class Voice {
  constructor(settings) {
    this.settings = settings;
    this.available = 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window;
  }

  /** Says `text` with the chosen voice and pace; returns whether it was handed to the synthesizer. */
  say(text) {
    if (!this.available || !this.settings.voice || !text) return false;
    const u = new SpeechSynthesisUtterance(text);
    u.rate = this.settings.rate;
    u.lang = document.documentElement.lang || 'en';
    const chosen = speechSynthesis.getVoices().find((v) => v.voiceURI === this.settings.voiceURI);
    if (chosen) {
      u.voice = chosen;
      u.lang = chosen.lang;
    }
    speechSynthesis.speak(u);
    return true;
  }

  /** Stops speaking now (pause, skip, end). */
  hush() {
    if (this.available) speechSynthesis.cancel();
  }
}
