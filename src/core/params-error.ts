/**
 * Params a person gave for which a problem has no answer (all batch values equal with eps = 0).
 * Names the params and the rule, so the CLI and the web can say what to change without showing
 * which function noticed.
 */
export class ParamsError extends RangeError {
  constructor(
    readonly fields: readonly string[],
    readonly rule: string,
  ) {
    super(`${fields.join(', ')}: ${rule}`);
    this.name = 'ParamsError';
  }
}
