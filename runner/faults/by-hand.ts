/**
 * What a person types when gameday could not remove something itself:
 * curl against the Toxiproxy API, with names escaped for the URL path.
 */

const proxyUrl = (url: string, proxy: string): string => `${url}/proxies/${encodeURIComponent(proxy)}`;

export const removeToxicByHand = (url: string, proxy: string, toxic: string): string =>
  `curl -X DELETE ${proxyUrl(url, proxy)}/toxics/${encodeURIComponent(toxic)}`;

export const enableProxyByHand = (url: string, proxy: string): string =>
  `curl -X POST ${proxyUrl(url, proxy)} -d '{"enabled":true}'`;

export const deleteProxyByHand = (url: string, proxy: string): string => `curl -X DELETE ${proxyUrl(url, proxy)}`;
