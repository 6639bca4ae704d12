import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { AplayVoice } from '../../devices/voice/aplay.ts';
import { VOICE_PROMPTS } from '../../devices/contracts.ts';
import type { DeviceStatus } from '../../contract/messages.ts';
import { isCountergateError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { FakeTools, waitFor } from './fake-tools.ts';

const real = suite('aplay (real ALSA aplay)');

real('shipped prompts are 16 kHz mono 16-bit WAVs', () => {
  const voice = new AplayVoice();
  for (const prompt of VOICE_PROMPTS) {
    const wav = readFileSync(voice.fileFor(prompt));
    assert.is(wav.toString('ascii', 0, 4), 'RIFF');
    assert.is(wav.readUInt16LE(22), 1, 'mono');
    assert.is(wav.readUInt32LE(24), 16000, 'sample rate');
    assert.is(wav.readUInt16LE(34), 16, 'bits');
    assert.ok(wav.length > 16000, `${prompt} holds at least half a second of audio`);
    assert.ok(wav.length < 300_000, `${prompt} stays small`);
  }
});

real('plays every prompt on the ALSA null device', async () => {
  const voice = new AplayVoice({ device: 'null', logger: silentLogger });
  await voice.start();
  assert.equal(voice.status(), { status: 'ok' });
  for (const prompt of VOICE_PROMPTS) await voice.play(prompt);
  assert.equal(voice.status(), { status: 'ok' });
  await voice.stop();
});

real('an unknown ALSA device is CG_DEV_AUDIO_FAILED carrying aplay stderr', async () => {
  const voice = new AplayVoice({ device: 'cg-no-such-pcm', logger: silentLogger });
  const statuses: DeviceStatus[] = [];
  voice.onStatus((s) => statuses.push(s));
  await voice.start();
  const err = await voice.play('thank-you').then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isCountergateError(err), 'rejects with a CountergateError');
  assert.is(err.code, 'CG_DEV_AUDIO_FAILED');
  assert.match(err.message, 'cg-no-such-pcm');
  assert.match(err.message, /audio open error|Unknown PCM/);
  assert.is(voice.status().code, 'CG_DEV_AUDIO_FAILED');
  assert.equal(
    statuses.map((s) => s.code),
    ['CG_DEV_AUDIO_FAILED'],
  );
});

real('missing prompt files show as a fault at start', async () => {
  const voice = new AplayVoice({ device: 'null', audioDir: '/nonexistent/cg-audio', logger: silentLogger });
  await voice.start();
  assert.is(voice.status().code, 'CG_DEV_AUDIO_FAILED');
  assert.match(voice.status().message ?? '', 'invite-rating.wav');
});

real.run();

// The ALSA null device discards samples without real-time pacing, so timing behaviour
// (non-blocking playback, cutting a prompt off) is checked with an aplay stand-in that takes time.
const timed = suite('aplay timing (aplay stand-in)');
let tools: FakeTools;
timed.before.each(() => {
  tools = new FakeTools();
});
timed.after.each(() => {
  tools.cleanup();
});

function slowAplay(): string {
  return tools.script(
    'aplay',
    `trap 'echo "killed $*" >> "$LOG"; exit 143' TERM
echo "start $*" >> "$LOG"
i=0; while [ $i -lt 6 ]; do sleep 0.05; i=$((i+1)); done
echo "done $*" >> "$LOG"`,
  );
}

timed('playback does not block the event loop and recovers the status', async () => {
  const voice = new AplayVoice({ executable: slowAplay(), device: 'hw:1,0', logger: silentLogger });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  const started = Date.now();
  await voice.play('invite-rating');
  clearInterval(timer);
  assert.ok(Date.now() - started >= 250, 'resolves when playback ends');
  assert.ok(ticks >= 5, `timers kept running during playback (${ticks} ticks)`);
  assert.equal(tools.log('aplay'), [
    `start -q -D hw:1,0 ${voice.fileFor('invite-rating')}`,
    `done -q -D hw:1,0 ${voice.fileFor('invite-rating')}`,
  ]);
});

timed('a new prompt cuts off the one playing; the cut one resolves', async () => {
  const voice = new AplayVoice({ executable: slowAplay(), logger: silentLogger });
  const first = voice.play('invite-rating');
  await waitFor(() => tools.log('aplay').length === 1, 3000, 'first prompt playing');
  await voice.play('thank-you');
  await first;
  const log = tools.log('aplay');
  assert.equal(log, [
    `start -q ${voice.fileFor('invite-rating')}`,
    `killed -q ${voice.fileFor('invite-rating')}`,
    `start -q ${voice.fileFor('thank-you')}`,
    `done -q ${voice.fileFor('thank-you')}`,
  ]);
  assert.equal(voice.status(), { status: 'ok' });
});

timed('prompts requested at once never play over each other', async () => {
  const voice = new AplayVoice({ executable: slowAplay(), logger: silentLogger });
  await Promise.all([voice.play('invite-rating'), voice.play('thank-you'), voice.play('invite-rating')]);
  const log = tools.log('aplay');
  assert.equal(log, [`start -q ${voice.fileFor('invite-rating')}`, `done -q ${voice.fileFor('invite-rating')}`]);
});

timed('stop() ends a playback in progress', async () => {
  const voice = new AplayVoice({ executable: slowAplay(), logger: silentLogger });
  const playing = voice.play('invite-rating');
  await waitFor(() => tools.log('aplay').length === 1, 3000, 'prompt playing');
  await voice.stop();
  await playing;
  assert.equal(tools.log('aplay'), [`start -q ${voice.fileFor('invite-rating')}`, `killed -q ${voice.fileFor('invite-rating')}`]);
});

timed('after a failure, a successful playback clears the fault', async () => {
  const flaky = tools.script(
    'aplay',
    `if [ ! -f "$DIR/failed" ]; then touch "$DIR/failed"; echo "aplay: main:831: audio open error: Device or resource busy" >&2; exit 1; fi`,
  );
  const voice = new AplayVoice({ executable: flaky, logger: silentLogger });
  await voice.play('thank-you').catch(() => undefined);
  assert.is(voice.status().code, 'CG_DEV_AUDIO_FAILED');
  assert.match(voice.status().message ?? '', 'Device or resource busy');
  await voice.play('thank-you');
  assert.equal(voice.status(), { status: 'ok' });
});

timed.run();

