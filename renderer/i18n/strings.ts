/** The type of a translation of `T`: the same keys at every depth (no more, no fewer), any string as text. */
export type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
