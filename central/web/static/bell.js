// The console's bell, synthesised with the Web Audio API (no sound file). Browsers only let a
// page play sound after a user gesture, so the AudioContext is created by 啟用警示音.

export class Bell {
  constructor() {
    this.ctx = null;
    this.timer = null;
    this.ringing = false;
  }

  /** Must run inside a click handler. Resolves true when the browser allows sound. */
  async enable() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return false;
    if (!this.ctx) this.ctx = new Ctx();
    if (this.ctx.state === 'suspended') await this.ctx.resume();
    return this.ctx.state === 'running';
  }

  get enabled() {
    return this.ctx !== null && this.ctx.state === 'running';
  }

  /** One strike of a desk bell: a few inharmonic partials with a fast attack and a long decay. */
  strike() {
    if (!this.enabled) return;
    const ctx = this.ctx;
    const t0 = ctx.currentTime;
    const master = ctx.createGain();
    master.gain.setValueAtTime(0.0001, t0);
    master.gain.exponentialRampToValueAtTime(0.5, t0 + 0.01);
    master.gain.exponentialRampToValueAtTime(0.0001, t0 + 1.4);
    master.connect(ctx.destination);
    for (const [freq, level] of [[880, 1], [1760, 0.5], [2640, 0.25], [1174.7, 0.35]]) {
      const osc = ctx.createOscillator();
      const g = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(freq, t0);
      g.gain.setValueAtTime(level, t0);
      osc.connect(g).connect(master);
      osc.start(t0);
      osc.stop(t0 + 1.5);
    }
  }

  /** Rings twice every two seconds while `on`; stops at once when turned off. */
  set(on) {
    if (on === this.ringing) return;
    this.ringing = on;
    clearInterval(this.timer);
    this.timer = null;
    if (!on) return;
    const ring = () => {
      this.strike();
      setTimeout(() => this.ringing && this.strike(), 350);
    };
    ring();
    this.timer = setInterval(ring, 2000);
  }
}
