import type { ReadPostmortem } from '../../../runner/postmortem/index.ts';

/** Characters of summary kept for the feed and the search index. */
const MAX = 400;

/**
 * The first paragraph of the summary section (else of the body), as plain text: Markdown emphasis, code and
 * link syntax removed, HTML tags and comments removed, whitespace folded. Only ever used as text (escaped
 * where shown), so what is removed here is for looks, not safety.
 */
export const summaryOf = (postmortem: Pick<ReadPostmortem, 'sections' | 'body'>): string => {
  const section = postmortem.sections.find((s) => s.name === 'summary') ?? postmortem.sections.find((s) => /^summary$/i.test(s.heading));
  const markdown = section?.markdown ?? postmortem.body;
  const paragraph = firstParagraph(markdown.replace(/<!--[\s\S]*?-->/g, ''));
  const text = paragraph
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX ? `${text.slice(0, MAX - 1).trimEnd()}…` : text;
};

/** The first run of non-blank lines that is not a heading, table, list, quote, fence or thematic break. */
const firstParagraph = (markdown: string): string => {
  const lines: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.trim() === '') {
      if (lines.length > 0) break;
      continue;
    }
    if (lines.length === 0 && /^\s{0,3}(#|\||[-*+] |\d+[.)] |>|```|~~~|([-*_]\s*){3,}$)/.test(line)) continue;
    lines.push(line);
  }
  return lines.join(' ');
};
