/** A select* function's record does not exist (the select*Optional variants return null instead). */
export class NotFoundInStoreError extends Error {
  override readonly name = 'NotFoundInStoreError';
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${id} not found`);
  }
}
