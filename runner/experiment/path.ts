/** `services[0].proxies[1].name`; the empty path is the document itself. */
export const formatPath = (path: readonly PropertyKey[]): string => {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key);
      text += plain ? (text === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return text === '' ? '(document)' : text;
};
