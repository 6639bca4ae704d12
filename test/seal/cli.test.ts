import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const root = resolve(new URL('.', import.meta.url).pathname, '../..');
const fixtures = join(root, 'test/fixtures/seal');
const bin = join(root, 'bin/countergate.js');
const work = mkdtempSync(join(tmpdir(), 'cg-seal-cli-'));

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

const genuine = ['wang-square4/ref-1.jpg', 'wang-square4/genuine-normal.jpg'] as const;
const other = ['wang-square4/ref-2.jpg', 'wang-square4/other-person.jpg'] as const;

test('compare-batch prints one JSON line per pair in input order, errors included', async () => {
  const file = join(work, 'pairs.tsv');
  writeFileSync(
    file,
    [
      genuine.join('\t'),
      '',
      'this line has no tab',
      `${genuine[0]}\tmissing/nothing-here.jpg`,
      other.join('\t'),
      'wang-square4/ref-3.jpg\twang-square4/blank.jpg',
      '',
    ].join('\n'),
  );
  const r = await run(['seal', 'compare-batch', file], fixtures);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.is(lines.length, 5);
  assert.equal(
    lines.map((l) => [l.reference, l.query]),
    [
      [genuine[0], genuine[1]],
      ['this line has no tab', ''],
      [genuine[0], 'missing/nothing-here.jpg'],
      [other[0], other[1]],
      ['wang-square4/ref-3.jpg', 'wang-square4/blank.jpg'],
    ],
  );
  for (const l of lines) {
    assert.ok(['match', 'mismatch', 'unclear'].includes(l.decision as string));
    assert.ok(typeof l.score === 'number' && l.score >= 0 && l.score <= 1);
    assert.ok(typeof l.ms === 'number' && l.ms >= 0);
  }
  assert.is(lines[0]!.decision, 'match');
  assert.is(lines[0]!.error, undefined);
  assert.is(lines[3]!.decision, 'mismatch');
  for (const [i, code] of [
    [1, 'CG_SEAL_BATCH_LINE'],
    [2, 'CG_SEAL_DECODE_FAILED'],
    [4, 'CG_SEAL_NOT_FOUND'],
  ] as const) {
    assert.is(lines[i]!.decision, 'unclear');
    assert.is(lines[i]!.score, 0);
    assert.is((lines[i]!.error as { code: string }).code, code);
  }
});

test('compare-batch --jobs 2 gives the same lines in the same order; a bad --jobs is a usage error', async () => {
  const file = join(work, 'pairs-jobs.tsv');
  writeFileSync(file, [genuine.join('\t'), other.join('\t'), genuine.join('\t')].join('\n'));
  const one = await run(['seal', 'compare-batch', file], fixtures);
  const two = await run(['seal', 'compare-batch', file, '--jobs', '2'], fixtures);
  assert.is(two.code, 0, two.stderr);
  const strip = (out: string): unknown[] => out.trim().split('\n').map((l) => ({ ...(JSON.parse(l) as object), ms: 0 }));
  assert.equal(strip(two.stdout), strip(one.stdout));
  assert.equal(
    strip(two.stdout).map((l) => (l as { decision: string }).decision),
    ['match', 'mismatch', 'match'],
  );
  const bad = await run(['seal', 'compare-batch', file, '--jobs', '0'], fixtures);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'CG_CLI_USAGE');
});

test('compare-batch on a missing file exits 1 with the code', async () => {
  const r = await run(['seal', 'compare-batch', join(work, 'no-such-file.tsv')], fixtures);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'CG_SEAL_BATCH_UNREADABLE');
});

test('compare --json prints one object; --overlay writes the six views', async () => {
  const out = join(work, 'ov.png');
  const r = await run(['seal', 'compare', '--reference', genuine[0], '--query', genuine[1], '--json', '--overlay', out], fixtures);
  assert.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { decision: string; score: number; reasons: unknown[]; transform: { angleDeg: number } };
  assert.is(j.decision, 'match');
  assert.ok(j.reasons.length > 0);
  for (const f of ['ov.png', 'ov-outline.png', 'ov-full.png', 'ov-fold-h.png', 'ov-fold-v.png', 'ov-diff.png']) {
    assert.ok(existsSync(join(work, f)), f);
    assert.is((await sharp(readFileSync(join(work, f))).metadata()).format, 'png');
  }
});

test('compare prints the decision in English and zh-TW; a missing image exits 1 with the code', async () => {
  const r = await run(['seal', 'compare', '--reference', other[0], '--query', other[1]], fixtures);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'decision: mismatch (不符)');
  const bad = await run(['seal', 'compare', '--reference', other[0], '--query', 'nope.jpg'], fixtures);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'CG_SEAL_DECODE_FAILED');
});

test('cleanup', () => {
  rmSync(work, { recursive: true, force: true });
});

test.run();
