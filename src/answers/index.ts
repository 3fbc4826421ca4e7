export {
  parseAnswer,
  parseExpression,
  MAX_FREE_TEXT_LENGTH,
  type ParseResult,
  type ParseOptions,
} from './parse-answer.ts';
export { formatAnswerValue } from './format-answer-value.ts';
export { MAX_INPUT_LENGTH, MAX_DEPTH } from './cursor.ts';
