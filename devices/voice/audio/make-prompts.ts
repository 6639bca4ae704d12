/**
 * Regenerates the shipped voice prompts (run once, results are committed):
 *   node --import tsx devices/voice/audio/make-prompts.ts
 * Needs espeak-ng (Debian package espeak-ng). espeak-ng writes 22.05 kHz; the counters' small
 * speakers and the repository want 16 kHz mono, so the audio is low-pass filtered and
 * resampled here rather than depending on sox or ffmpeg being installed.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VoicePrompt } from '../../contracts.ts';

export const PROMPT_TEXT: Record<VoicePrompt, string> = {
  'invite-rating': '請為本次服務評分',
  'thank-you': '謝謝您的評分',
};
const VOICE = 'cmn';
const SPEED_WPM = 150;
const TARGET_RATE = 16000;

interface Pcm {
  rate: number;
  samples: Int16Array;
}

/** Reads a 16-bit mono PCM WAV by walking its chunks (espeak-ng's header sizes are not fixed). */
export function readWav(buf: Buffer): Pcm {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let rate = 0;
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    // espeak-ng writing to a pipe leaves the data size as 0x7fffffff; clamp to what is there.
    const size = Math.min(buf.readUInt32LE(pos + 4), buf.length - pos - 8);
    if (id === 'fmt ') {
      if (buf.readUInt16LE(pos + 8) !== 1 || buf.readUInt16LE(pos + 10) !== 1 || buf.readUInt16LE(pos + 22) !== 16) {
        throw new Error('expected 16-bit mono PCM');
      }
      rate = buf.readUInt32LE(pos + 12);
    } else if (id === 'data') {
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(pos + 8 + i * 2);
      return { rate, samples };
    }
    pos += 8 + size + (size % 2);
  }
  throw new Error('WAV without data chunk');
}

export function writeWav(pcm: Pcm): Buffer {
  const data = Buffer.alloc(pcm.samples.length * 2);
  pcm.samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(pcm.rate, 24);
  h.writeUInt32LE(pcm.rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** Windowed-sinc resampling; the cutoff below the new Nyquist frequency avoids aliasing. */
export function resample(pcm: Pcm, rate: number): Pcm {
  const ratio = rate / pcm.rate;
  const cutoff = Math.min(1, ratio) * 0.9;
  const half = 16;
  const out = new Int16Array(Math.floor(pcm.samples.length * ratio));
  for (let n = 0; n < out.length; n++) {
    const t = n / ratio;
    const center = Math.floor(t);
    let acc = 0;
    for (let k = center - half + 1; k <= center + half; k++) {
      if (k < 0 || k >= pcm.samples.length) continue;
      const x = t - k;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x * cutoff) / (Math.PI * x * cutoff);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * x) / half);
      acc += (pcm.samples[k] ?? 0) * sinc * window * cutoff;
    }
    out[n] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return { rate, samples: out };
}

function main(): void {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  for (const [prompt, text] of Object.entries(PROMPT_TEXT)) {
    const raw = execFileSync('espeak-ng', ['-v', VOICE, '-s', String(SPEED_WPM), '--stdout', text]);
    const wav = writeWav(resample(readWav(raw), TARGET_RATE));
    writeFileSync(`${dir}${prompt}.wav`, wav);
    console.log(`${prompt}.wav: ${wav.length} bytes`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
