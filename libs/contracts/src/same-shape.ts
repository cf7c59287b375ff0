/** True when A and B are the same type: response schemas assert it so they never drift from the DTOs. */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
