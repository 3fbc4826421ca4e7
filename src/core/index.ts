/** Public API of the pure numeric core. */
export * from './scalar.ts';
export * from './interval-set.ts';
export * from './batchnorm.ts';
export * from './rnn.ts';
export * from './policy.ts';
export * from './gd.ts';
export type * from './answer-value.ts';
