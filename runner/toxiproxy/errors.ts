/**
 * An error the Toxiproxy API answers with: its message goes to the `error`
 * field of the body and its status to the HTTP status, exactly as the real
 * server words them (see shared/reference/toxiproxy-api.md §2.5).
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: 'proxy' | 'toxic'): ApiError => new ApiError(`${what} not found`, 404);
