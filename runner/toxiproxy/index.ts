export { TOXIPROXY_VERSION } from './api/index.ts';
export { startToxiproxyServer, type RunningToxiproxy, type ToxiproxyServerOptions } from './server.ts';
