/**
 * `host:port` addresses of the schedule file (`kill_switch.http`,
 * `incidents.receiver.listen`, `receiver`): `127.0.0.1:8480`, `[::1]:8480`,
 * `localhost:0`. The schema has checked the form.
 */

export const splitAddress = (address: string): { host: string; port: number } => {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) };
};

/**
 * Only this machine can reach a server bound here: `localhost`, 127.0.0.0/8,
 * `::1` (and `::ffff:127.x.x.x`). A name other than `localhost` may resolve
 * anywhere, so it is not loopback.
 */
export const isLoopbackHost = (host: string): boolean => {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
};
