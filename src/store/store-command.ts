/**
 * How an operator runs the embedded store on its own (`exam-variants store`, `exam-variants store
 * repair`): the store package names it in its messages, e.g. when a damaged journal must be repaired.
 */
export const STORE_COMMAND = 'exam-variants store';
