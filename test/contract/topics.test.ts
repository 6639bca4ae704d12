import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTopic, topics } from '../../contract/topics.ts';
import { eventValidators } from '../../contract/messages.ts';

test('parses every topic of the contract and rejects the rest', () => {
  assert.equal(parseTopic(topics.event('o1', 'c2', 'rating')), { kind: 'event', office: 'o1', counter: 'c2', event: 'rating' });
  assert.equal(parseTopic(topics.state('o1', 'c2')), { kind: 'state', office: 'o1', counter: 'c2' });
  assert.equal(parseTopic(topics.cfgApplied('o1', 'c2')), { kind: 'cfg-applied', office: 'o1', counter: 'c2' });
  assert.equal(parseTopic(topics.alarm('o1')), { kind: 'alarm', office: 'o1' });
  assert.equal(parseTopic(topics.cmd('o1', 'c2', 'reboot')), { kind: 'cmd', office: 'o1', counter: 'c2', name: 'reboot' });
  assert.is(parseTopic('cg/v1/o1/c2/evt/unknown'), null);
  assert.is(parseTopic('cg/v1/O1/c2/state'), null);
  assert.is(parseTopic('cg/v2/o1/c2/state'), null);
  assert.is(parseTopic('cg/v1/o1/c2/state/extra/more'), null);
});

test('a rating event is validated field by field, with a reason for the first fault', () => {
  const good = {
    id: 'o1.c2.boot.1',
    seq: 1,
    ts: new Date().toISOString(),
    clerk: 'clerk01',
    caseId: 'A-1',
    level: 'very-dissatisfied',
    source: 'button',
    afterMs: 1200,
  };
  assert.ok(eventValidators.rating.decode(good).ok);
  const bad = eventValidators.rating.decode({ ...good, level: 'angry' });
  assert.not.ok(bad.ok);
  if (!bad.ok) assert.match(bad.reason, '/level');
  const notJson = eventValidators.rating.decodeBuffer(Buffer.from('{oops'));
  assert.not.ok(notJson.ok);
  const badTime = eventValidators.rating.decode({ ...good, ts: 'yesterday-ish-but-long-enough' });
  assert.not.ok(badTime.ok);
});

test.run();
