import { describe, expect, it } from 'vitest';
import * as postmortem from '../../runner/postmortem/index.ts';

// The public surface of runner/postmortem: what the CLI, the site and insights may use.

describe('runner/postmortem', () => {
  it('exports exactly this', () => {
    expect(Object.keys(postmortem).sort()).toEqual([
      'ACTION_ITEM_ID',
      'DUE_AFTER_DAYS',
      'EarlierIndex',
      'POSTMORTEM_KINDS',
      'POSTMORTEM_SEVERITIES',
      'POSTMORTEM_STATUSES',
      'POSTMORTEM_VERDICTS',
      'SECTIONS',
      'SECTION_NAMES',
      'TIMELINE_KINDS',
      'TemplateError',
      'actionItemId',
      'actionItemSchema',
      'actionItemsOf',
      'compileTemplateSet',
      'computeFacts',
      'escapeMarkdown',
      'findRelated',
      'findingsOf',
      'fingerprintOf',
      'formatMarkdown',
      'frontMatterOf',
      'frontMatterYaml',
      'generatePostmortem',
      'loadRunDir',
      'loadTemplateSet',
      'mergePostmortem',
      'oneLine',
      'parseMarkdown',
      'postmortemFileName',
      'postmortemIdOf',
      'postmortemSchema',
      'readPostmortem',
      'readPostmortemDir',
      'severityOf',
      'timelineEntrySchema',
      'writePostmortems',
    ]);
  });

  it('lists the sections in the order of the file format', () => {
    expect(postmortem.SECTIONS.map((section) => section.name)).toEqual([...postmortem.SECTION_NAMES]);
  });
});
