export { CONTROL_TIMEOUT_MS, listIncidents, sendAction, type ActionBody, type ControlAction } from './client.ts';
export { defaultResponder, respond } from './cli.ts';
export { CONTROL_FILE, readControlFile, type ControlInfo } from './control-file.ts';
export { ControlHttpError, ControlRequestError, ControlUnavailableError, NoActiveRunError } from './errors.ts';
export { findActiveRun, locateRun } from './find-run.ts';
export type { AckRequest, NoteRequest, ResolveRequest } from './requests.ts';
export { startControlApi, type ControlApi, type ControlApiOptions, type ControlHandlers } from './server.ts';
