import { InputError } from '../errors.ts';

/**
 * A template that cannot be parsed or rendered: the message starts with
 * `file:line:col` of the mistake, like a compiler's (exit 65).
 */
export class TemplateError extends InputError {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;

  constructor(file: string, line: number | null, column: number | null, what: string, options: { cause?: unknown } = {}) {
    const where = line === null ? file : column === null ? `${file}:${line}` : `${file}:${line}:${column}`;
    super(`${where}: ${what} (the postmortem template; see templates/README.md)`, options);
    this.name = 'TemplateError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

interface HandlebarsProblem {
  message?: unknown;
  lineNumber?: unknown;
  column?: unknown;
  hash?: { loc?: { first_line?: unknown; first_column?: unknown } };
}

/**
 * A Handlebars error as a TemplateError of `file`. Handlebars gives 1-based
 * lines and 0-based columns, both for parse errors (in `hash.loc`, see
 * render.ts) and for errors with a node (`lineNumber`, `column`).
 */
export const templateErrorOf = (error: unknown, file: string, when: 'parse' | 'render'): TemplateError => {
  if (error instanceof TemplateError) return error;
  const problem = (typeof error === 'object' && error !== null ? error : {}) as HandlebarsProblem;
  const message = typeof problem.message === 'string' ? problem.message : String(error);
  const loc = problem.hash?.loc;
  let line = numberOr(loc?.first_line, numberOr(problem.lineNumber, null));
  let column = numberOr(loc?.first_column, numberOr(problem.column, null));
  const fromMessage = /on line (\d+)/.exec(message);
  if (line === null && fromMessage !== null) line = Number(fromMessage[1]);
  if (column !== null) column += 1;
  // Handlebars appends ` - line:col` and, for parse errors, a picture of the line; the position is in front instead.
  const lastLine = message.split('\n').at(-1) ?? message;
  const what = lastLine.replace(/ - \d+:\d+$/, '').replace(/in \[object Object\]/, 'in the view');
  return new TemplateError(file, line, line === null ? null : column, `${when === 'parse' ? 'syntax error: ' : ''}${what}`, { cause: error });
};

const numberOr = <T>(value: unknown, fallback: T): number | T => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
