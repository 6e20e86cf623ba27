import { randomUUID } from 'node:crypto';
import type { OrderIdGenerator } from '../../domain/ordering/order-id-generator.js';

/** UUID v4: 122 random bits from the OS's CSPRNG, so one order's id says nothing of another's. */
export class RandomOrderIdGenerator implements OrderIdGenerator {
  next(): string {
    return randomUUID();
  }
}
