/**
 * URL slugs for names that come from postmortems (services, experiments): lowercase letters, digits and `-`,
 * never empty, unique among those made with the same `taken` set (a clash gets `-2`, `-3`, ...).
 */
export const slugOfName = (name: string, taken: Set<string>): string => {
  const base =
    name
      .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'unnamed';
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
};
