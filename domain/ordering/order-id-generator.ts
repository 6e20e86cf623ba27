/** Makes order ids that cannot be guessed from one another. */
export interface OrderIdGenerator {
  next(): string;
}
