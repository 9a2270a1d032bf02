/** `20261122-093000-slow-payments-3f9a`: sortable by time, readable, unique enough per team. */
export function makeRunId(experimentName: string, wall: Date, random: () => number): string {
  const iso = wall.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const suffix = Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${stamp}-${slug(experimentName)}-${suffix}`;
}

export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s === '' ? 'experiment' : s;
}
