import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The last `lines` lines of a log file, reading at most its last `bytes`
 * bytes (a service may have written megabytes). Empty when the file is
 * missing or empty: the tail is a courtesy for error messages, never a
 * reason to fail.
 */
export const readLogTail = (path: string, { lines = 20, bytes = 4_096 }: { lines?: number; bytes?: number } = {}): string => {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    // A cut in the middle of the file leaves a partial first line: drop it.
    if (length < size) text = text.slice(text.indexOf('\n') + 1);
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
};
