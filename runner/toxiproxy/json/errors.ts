/**
 * A body Go's `encoding/json` refuses. The message is Go's own text, so the
 * API can answer `bad request body: <message>` as the real server does:
 * `EOF`, `unexpected EOF`, `invalid character 'x' looking for beginning of value`,
 * `json: cannot unmarshal string into Go struct field Proxy.enabled of type bool`.
 */
export class JsonDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonDecodeError';
  }
}
