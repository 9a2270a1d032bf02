/**
 * A remark plugin that makes a postmortem's Markdown safe to publish (postmortems come from outside: people's
 * edits, alert names and labels copied from webhooks). It runs before remark-rehype, so nothing it removes ever
 * reaches the HTML:
 *
 * - raw HTML (`html` nodes, block and inline) becomes plain text, shown escaped; HTML comments (the gameday
 *   section markers among them) are dropped;
 * - a link or definition whose URL has a scheme other than http, https or mailto (`javascript:`, `data:`, ...)
 *   keeps its text and loses the link;
 * - images become links to the image (a published postmortem loads nothing from elsewhere), with the same check.
 *
 * The site's Markdown config also turns off remark-rehype's `allowDangerousHtml`, so raw HTML that reached the
 * HTML tree anyway would be dropped: two locks on one door.
 */

interface Node {
  type: string;
  children?: Node[];
  value?: string;
  url?: string;
  alt?: string | null;
  title?: string | null;
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** True for a relative URL (no scheme) or one with an allowed scheme. Control characters and spaces are ignored. */
export const isSafeUrl = (url: string): boolean => {
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(`${scheme.toLowerCase()}:`);
};

const isComment = (html: string): boolean => /^\s*<!--[\s\S]*-->\s*$/.test(html);

/** The node to put in place of `node`: itself, others, or nothing. */
const replace = (node: Node): Node[] => {
  switch (node.type) {
    case 'html':
      return isComment(node.value ?? '') ? [] : [{ type: 'text', value: node.value ?? '' }];
    case 'link':
      return isSafeUrl(node.url ?? '') ? [node] : (node.children ?? []);
    case 'definition':
      return isSafeUrl(node.url ?? '') ? [node] : [];
    case 'image': {
      const text: Node = { type: 'text', value: node.alt || node.url || 'image' };
      return isSafeUrl(node.url ?? '') ? [{ type: 'link', url: node.url ?? '', title: node.title ?? null, children: [text] }] : [text];
    }
    case 'imageReference':
      return [{ type: 'text', value: node.alt || 'image' }];
    default:
      return [node];
  }
};

/** `node` made safe: replaced until nothing changes (a link's children may be images), then its children. */
const settle = (node: Node): Node[] =>
  replace(node).flatMap((one) => {
    if (one !== node) return settle(one);
    walk(one);
    return [one];
  });

const walk = (node: Node): void => {
  if (node.children !== undefined) node.children = node.children.flatMap(settle);
};

/** The unified plugin: `markdown.remarkPlugins: [remarkSafeMarkdown]`. */
export const remarkSafeMarkdown = () => (tree: Node): void => walk(tree);
