import { parseDocument } from 'yaml';
import { frontMatterItems } from './merge-action-items.ts';
import { mergeFrontMatter } from './merge-front-matter.ts';
import { mergeBody } from './merge-sections.ts';
import { splitFrontMatter } from './read-front-matter.ts';
import { parseBody, renderBody, type Body } from './read-sections.ts';
import { normalise } from './read.ts';
import { actionItemSchema, type PostmortemActionItem } from './schema.ts';

/**
 * Regeneration that keeps what people wrote (contract: /work/notes/postmortem-design.md). The generated
 * regions and the machine's front matter are refreshed; people's text, the sections they added, their action
 * item edits and their front-matter fields are kept. Idempotent: merging the same generated text into the
 * result again gives the result.
 *
 * When the existing file cannot be merged safely (written by hand, markers that do not pair up, front matter
 * that does not parse, another postmortem's id), it is returned unchanged with `skipped: true` and a warning
 * saying why; the caller then writes nothing.
 */
export interface MergeResult {
  /** The merged file; the existing text unchanged when skipped. Line ends follow the existing file. */
  text: string;
  /** What the merge did that people should know, or why it was skipped. */
  warnings: string[];
  /** True when the existing file was kept as it is and nothing should be written. */
  skipped: boolean;
}

export const mergePostmortem = (existingText: string, generatedText: string): MergeResult => {
  const existing = open(existingText);
  const generated = open(generatedText);
  const refusal = whyNot(existing, generated);
  if (refusal !== undefined) {
    return { text: existingText, skipped: true, warnings: [`${refusal}; regeneration skipped, the file is kept as it is`] };
  }

  const recorded = actionItems(existing.data);
  const body = mergeBody(existing.body, generated.body, recorded);
  const mergedSection = body.body.sections.find((s) => s.name === 'action-items');
  const generatedSection = generated.body.sections.find((s) => s.name === 'action-items');
  const items =
    mergedSection === undefined || generatedSection === undefined
      ? undefined
      : frontMatterItems(mergedSection, generatedSection, actionItems(generated.data), body.adopted);
  const front = mergeFrontMatter(existing.yaml, generated.yaml ?? '', items);

  const text = `---\n${front.yaml}\n---\n${renderBody(body.body)}`;
  return {
    text: existing.crlf ? text.replace(/\n/g, '\r\n') : text,
    skipped: false,
    warnings: [...front.warnings, ...body.warnings],
  };
};

interface Opened {
  yaml: string | null;
  /** The parsed front matter, or the YAML error message. */
  data: Record<string, unknown>;
  yamlError: string | undefined;
  splitProblem: string | undefined;
  body: Body;
  crlf: boolean;
}

const open = (text: string): Opened => {
  const split = splitFrontMatter(normalise(text));
  let data: Record<string, unknown> = {};
  let yamlError: string | undefined;
  if (split.yaml !== null) {
    const doc = parseDocument(split.yaml);
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = error.linePos?.[0];
      yamlError = `${pos === undefined ? '' : `line ${pos.line + split.yamlLine - 1}: `}${error.message.split(' at line ')[0]}`;
    } else {
      const value: unknown = doc.toJS();
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
    }
  }
  return {
    yaml: split.yaml,
    data,
    yamlError,
    splitProblem: split.problem,
    body: parseBody(split.body, split.bodyLine),
    crlf: /\r\n/.test(text),
  };
};

const whyNot = (existing: Opened, generated: Opened): string | undefined => {
  if (!existing.body.hasMarkers) return 'the existing file has no gameday markers (it was written or rewritten by hand)';
  const problem = existing.body.problems[0];
  if (problem !== undefined) {
    return `the existing file's gameday markers do not pair up (line ${problem.line}: ${problem.message})`;
  }
  if (existing.splitProblem !== undefined) return `the existing file's front matter: ${existing.splitProblem}`;
  if (existing.yamlError !== undefined) return `the existing file's front matter is not valid YAML (${existing.yamlError})`;
  if (!generated.body.hasMarkers || generated.yaml === null || generated.yamlError !== undefined) {
    return 'the generated text has no gameday markers or front matter (does the template keep them?)';
  }
  const generatedProblem = generated.body.problems[0];
  if (generatedProblem !== undefined) return `the generated text's markers do not pair up (${generatedProblem.message})`;
  const mineId = existing.data.id;
  const theirId = generated.data.id;
  if (typeof mineId === 'string' && typeof theirId === 'string' && mineId !== theirId) {
    return `the existing file is postmortem ${mineId}, not ${theirId}`;
  }
  return undefined;
};

/** The valid action items the front matter recorded; undefined when it has no list. */
const actionItems = (data: Record<string, unknown>): PostmortemActionItem[] | undefined => {
  const list = data.action_items;
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((entry: unknown) => {
    const parsed = actionItemSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
};
