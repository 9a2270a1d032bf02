import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** 1-based line and column, as editors and compilers show them. */
export interface Position {
  line: number;
  col: number;
}

export interface SyntaxProblem {
  position: Position;
  /** The YAML library's code, e.g. DUPLICATE_KEY, BAD_INDENT. */
  code: string;
  message: string;
}

export interface YamlSource {
  /** The document as plain data (aliases and `<<` merges resolved); undefined when the file is empty. */
  value: unknown;
  /** Syntax errors; when there are any, `value` should not be validated further. */
  syntaxProblems: SyntaxProblem[];
  /**
   * Where the node at `path` starts. `key` asks for the key of the last
   * segment (a mapping key) rather than its value. When the path is not in
   * the file (a missing key), the position of the deepest node that is, and
   * `found: false`.
   */
  locate(path: readonly PropertyKey[], at?: 'value' | 'key'): { position: Position; found: boolean };
}

const START: Position = { line: 1, col: 1 };

/** Parses YAML 1.2 keeping the position of every node. Duplicate keys are syntax errors. */
export const parseYamlSource = (text: string): YamlSource => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  const positionOf = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const syntaxProblems: SyntaxProblem[] = doc.errors.map((error) => ({
    position: error.linePos?.[0] === undefined ? positionOf(error.pos[0]) : { ...error.linePos[0] },
    code: error.code,
    message: firstLine(error.message),
  }));
  let value: unknown;
  if (syntaxProblems.length === 0 && doc.contents !== null) {
    try {
      value = doc.toJS();
    } catch (error) {
      // Too many alias expansions (a "billion laughs" file) and similar.
      const message = error instanceof Error ? error.message : String(error);
      syntaxProblems.push({ position: START, code: 'BAD_DOCUMENT', message });
    }
  }
  return {
    value,
    syntaxProblems,
    locate: (path, at = 'value') => {
      const { node, found } = walk(doc, path, at);
      const offset = node?.range?.[0];
      return { position: offset === undefined ? START : positionOf(offset), found };
    },
  };
};

const firstLine = (message: string): string => {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
};

/** Follows `path` through mappings and sequences, resolving aliases; stops at the deepest node found. */
const walk = (doc: Document, path: readonly PropertyKey[], at: 'value' | 'key'): { node: Node | undefined; found: boolean } => {
  let node = resolve(doc, doc.contents);
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    let next: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) return { node, found: false };
      // A key written with no value (`upstream:`) has no value node: point at the key.
      const value = resolve(doc, pair.value as Node | null);
      next = last && at === 'key' ? (pair.key as Node) : (value ?? (pair.key as Node));
    } else if (isSeq(node) && typeof segment === 'number') {
      next = resolve(doc, node.items[segment] as Node | undefined);
    }
    if (next === undefined) return { node, found: false };
    node = next;
  }
  return { node, found: true };
};

const resolve = (doc: Document, node: Node | null | undefined): Node | undefined => {
  if (node === null || node === undefined) return undefined;
  return isAlias(node) ? (node.resolve(doc) ?? node) : node;
};
