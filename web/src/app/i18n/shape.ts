/** The shape of a message tree: the same keys, every leaf a string. A translation typed with it must have every key. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
