/**
 * A window reaches further back than the store keeps: the store was created
 * with a `retainMs` shorter than the longest window the run asks for. A bug
 * in how the run sized the store, not something a user can fix.
 */
export class SampleWindowError extends Error {
  constructor(
    readonly from: number,
    readonly oldestKept: number,
  ) {
    super(
      `the sample window starting at ${from} ms reaches before the oldest kept data (${oldestKept} ms); ` +
        'create the SampleStore with a retainMs at least as long as the longest window',
    );
    this.name = 'SampleWindowError';
  }
}
