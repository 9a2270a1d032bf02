import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeSyntheticRuns } from '../../bench/postmortems/runs.ts';
import { formatMarkdown, postmortemSchema, readPostmortem, writePostmortems } from '../../runner/postmortem/index.ts';
import { tempDir } from '../faults/fixtures.ts';

// Many varied runs (the bench's synthetic journals: late, missed and noisy alerts, escalations, runs that
// do not recover): every postmortem round-trips through remark unchanged and reads back without a warning.

const work = tempDir('postmortem-synthetic');
afterAll(() => work.remove());

describe('postmortems of 25 synthetic runs', async () => {
  const runDirs = writeSyntheticRuns(work.dir, 25, 7);
  const { written } = await writePostmortems(runDirs, { outDir: 'postmortems', cwd: work.dir, commit: false, version: 'test' });

  it('are written, one per run', () => {
    expect(written.map((w) => w.outcome)).toEqual(runDirs.map(() => 'created'));
  });

  it('round-trip through remark unchanged', () => {
    for (const { postmortem } of written) expect(formatMarkdown(postmortem.text)).toBe(postmortem.text);
  });

  it('have valid front matter and read back without warnings', () => {
    for (const { postmortem, path } of written) {
      const text = postmortem.text;
      expect(postmortemSchema.safeParse(parse(text.slice(4, text.indexOf('\n---\n', 4)))).success).toBe(true);
      expect(readPostmortem(text, path).warnings).toEqual([]);
    }
  });

  it('link later runs to earlier ones that share a failure mode', () => {
    const last = written.at(-1)?.postmortem;
    expect(last?.findings.some((f) => f.kind === 'recurring')).toBe(true);
    expect(last?.frontMatter.related.length).toBeGreaterThan(0);
  });
});
