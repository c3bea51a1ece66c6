// A timing probe on the audio thread (tests only: loaded when
// window.__backcalm_probe is true). It listens to the bell bus and reports
// the audio-clock time of each bell's first audible sample, so a test can
// check when bells actually sounded, not only when they were scheduled.

const THRESHOLD = 0.01;
const QUIET_S = 0.25;

class OnsetProbe extends AudioWorkletProcessor {
  constructor() {
    super();
    this.quietNeeded = Math.round(QUIET_S * sampleRate);
    this.quietRun = this.quietNeeded;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) {
      this.quietRun += 128;
      return true;
    }
    for (let i = 0; i < channel.length; i += 1) {
      if (Math.abs(channel[i]) >= THRESHOLD) {
        if (this.quietRun >= this.quietNeeded) {
          this.port.postMessage({ onset: currentTime + i / sampleRate });
        }
        this.quietRun = 0;
      } else {
        this.quietRun += 1;
      }
    }
    return true;
  }
}

registerProcessor('backcalm-onset-probe', OnsetProbe);
