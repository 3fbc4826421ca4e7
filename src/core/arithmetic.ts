/**
 * One interface over two number systems, so a solver is written once and runs on small rationals
 * first (exact, several times faster, may give up) and on Scalars when they cannot represent a
 * value. Holding the operations in an object also keeps hot loops off module bindings, each of
 * which costs a getter call under the tsx loader.
 */
import { add, compareScalar, div, frac, isZero, mul, neg, sqrtScalar, sub, ZERO } from './scalar.ts';
import type { Scalar } from './scalar.ts';
import { SmallRational } from './small-rational.ts';

export interface Arithmetic<T> {
  /** Every value is exact, so algebraically equal expressions give identical values. */
  exact: boolean;
  int(n: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  /** Undefined when the root is outside this number system (an irrational root of a small rational). */
  sqrt(a: T): T | undefined;
  isZero(a: T): boolean;
  isNegative(a: T): boolean;
  toScalar(a: T): Scalar;
}

export const SCALARS: Arithmetic<Scalar> = {
  exact: false,
  int: (n) => frac(n),
  add,
  sub,
  mul,
  div,
  neg,
  // Never undefined: an irrational root becomes a float.
  sqrt: sqrtScalar,
  isZero,
  isNegative: (a) => compareScalar(a, ZERO) < 0,
  toScalar: (a) => a,
};

export const SMALL_RATIONALS: Arithmetic<SmallRational> = {
  exact: true,
  int: (n) => SmallRational.int(n),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  neg: (a) => a.neg(),
  sqrt: (a) => a.sqrt(),
  isZero: (a) => a.isZero(),
  isNegative: (a) => a.isNegative(),
  toScalar: (a) => a.toScalar(),
};
