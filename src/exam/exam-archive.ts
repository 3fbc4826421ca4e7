import type { Exam } from './assemble-exam.ts';
import { examFiles } from './write-exam.ts';
import { zipStore } from './zip-store.ts';

/** The generated exam as one download. */
export function examArchive(exam: Exam): Buffer {
  return zipStore(examFiles(exam));
}
