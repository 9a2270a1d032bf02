import { describe, expect, it } from 'vitest';
import { actionItemsOf, compileTemplateSet, generatePostmortem, loadTemplateSet, mergePostmortem, type Finding } from '../../runner/postmortem/index.ts';
import { parseItemLine } from '../../runner/postmortem/read-action-items.ts';
import { generateFixture, loadFixture, REPO } from './fixture.ts';

// On an item's line, ` — ` separates the text from `owner, due YYYY-MM-DD`: generated text and owners never
// hold it, and the reader splits at the last one.

const finding = (over: Partial<Finding>): Finding => ({
  key: 'missed-alert:ghost',
  kind: 'missed-alert',
  title: 't',
  detail: 'd',
  service: 'checkout',
  fault: null,
  fingerprint: 'f',
  related: [],
  ...over,
});

describe('generated action items', () => {
  const { facts } = generateFixture('paged-incident');

  it('say n/a for a duration that was not measured, not formatMs’s dash', () => {
    const [missed, slow] = actionItemsOf([finding({}), finding({ key: 'slow-detection:ghost', kind: 'slow-detection' })], facts, 'PM-x');
    expect(missed?.text).toBe('Make the alert ghost fire within n/a of the fault (it never fired)');
    expect(slow?.text).toBe('Make the alert ghost fire within n/a of the fault (it took n/a)');
  });

  it('never hold ` — ` in their text or owner, whatever the alert’s name or the team is called', () => {
    const hostile = { ...facts, services: facts.services.map((s) => ({ ...s, owner: 'team — ops — — x' })) };
    const [item] = actionItemsOf([finding({ key: 'noisy-alert:a — b —  — c', kind: 'noisy-alert' })], hostile, 'PM-x');
    expect(item?.text).toBe('Tune, route or retire the alert a - b - - c: it fired during the fault and nobody expected it');
    expect(item?.owner).toBe('team - ops - - x');
    for (const text of [item?.text, item?.owner]) expect(text).not.toContain(' — ');
  });

  it('read back as written: text, owner and due date', () => {
    const { text, frontMatter } = generateFixture('paged-incident');
    const lines = text.split('\n').filter((line) => /^- \[[ x]\] AI-/.test(line));
    expect(lines.map((line) => parseItemLine(line))).toMatchObject(
      frontMatter.action_items.map((item) => ({ id: item.id, owner: item.owner, due: item.due, done: false })),
    );
  });
});

describe('the item reader', () => {
  it('splits at the last ` — `, so a dash in people’s text stays text', () => {
    expect(parseItemLine('- [ ] AI-1a2b3c Decide — with payments — whether to retry — alice, due 2025-01-31')).toEqual({
      lead: '- ',
      done: false,
      id: 'AI-1a2b3c',
      text: 'Decide — with payments — whether to retry',
      owner: 'alice',
      due: '2025-01-31',
    });
  });

  it('takes the last `due` as the due date, and the rest as the owner', () => {
    expect(parseItemLine('- [x] AI-1a2b3c Fix it — team, due soon, due 2000-01-01, due 2025-01-31')).toMatchObject({
      done: true,
      text: 'Fix it',
      owner: 'team, due soon, due 2000-01-01',
      due: '2025-01-31',
    });
  });

  it('reads an item without owner or due date as text alone', () => {
    expect(parseItemLine('- [ ] Call the payments team')).toMatchObject({ id: null, text: 'Call the payments team', owner: undefined, due: undefined });
  });
});

describe('regeneration, for an item whose text the generator escaped', () => {
  it('drops the untouched item of a finding that is gone, though its text reads differently as Markdown', () => {
    // The noisy alert `evil|key\`` is escaped in the body as `evil|key\``; the front matter records it plain.
    const before = generateFixture('paged-incident');
    const item = before.actions.find((a) => a.finding === 'noisy-alert:evil|key`');
    expect(item).toBeDefined();
    const loaded = loadFixture('paged-incident');
    const quiet = loaded.source.events.filter((e) => !('dedup_key' in e && e.dedup_key === 'evil|key`'));
    const after = generatePostmortem({ ...loaded.source, events: quiet }, { renderer: compileTemplateSet(loadTemplateSet(undefined, REPO)), version: 'test' });
    const merged = mergePostmortem(before.text, after.text);
    expect(merged.warnings).toContain(`dropped action item ${item?.id}: its finding is gone and it was neither ticked nor edited`);
    expect(merged.text).not.toContain(item?.id as string);
  });
});
