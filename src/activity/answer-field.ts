/** One form field per part, also the key of drafts: the problem index and the part key. */
export const answerField = (problemIndex: number, partKey: string): string => `answer:${problemIndex}:${partKey}`;
