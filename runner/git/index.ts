export { commitFiles } from './commit.ts';
export type { CommitFilesOptions, CommitResult } from './commit.ts';
