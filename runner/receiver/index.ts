export { ReceiverError } from './errors.ts';
export { startReceiver, type ReceiverServerOptions, type RunningReceiver } from './http.ts';
export { mapSeverity } from './normalise/severity.ts';
export { createReceiver, DEFAULT_MAX_BODY_BYTES, type Accepted, type Receiver, type ReceiverOptions, type Route } from './receiver.ts';
export { SENDERS } from './senders/index.ts';
export type { Delivery, ReceiverRequest, ReceiverResponse, RequestHead, Sender, SenderRequest } from './types.ts';
