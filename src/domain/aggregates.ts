// Which decider folds which stream: the stream id's prefix names the aggregate (streamIdOf).
// Replay uses it to rebuild snapshots, and verify to check them, without a command at hand.
import { cartDecider } from './cart.js';
import { categoryDecider } from './category.js';
import { customerDecider } from './customer.js';
import type { Decider } from './decider.js';
import type { DomainEvent } from './events.js';
import { inventoryDecider } from './inventory.js';
import { orderDecider } from './order.js';
import { productDecider } from './product.js';

/** The part of a decider that folds a stream. */
export type Folder = Pick<Decider<unknown, DomainEvent, unknown>, 'initialState' | 'evolve' | 'stateVersion'>;

const BY_PREFIX: Record<string, Folder> = {
  category: categoryDecider as unknown as Folder,
  product: productDecider as unknown as Folder,
  inventory: inventoryDecider as unknown as Folder,
  customer: customerDecider as unknown as Folder,
  cart: cartDecider as unknown as Folder,
  order: orderDecider as unknown as Folder,
};

/** The decider of a stream (`inventory-<uuid>` → the inventory decider), if the prefix is known. */
export function folderOfStream(streamId: string): Folder | undefined {
  const dash = streamId.indexOf('-');
  return dash > 0 ? BY_PREFIX[streamId.slice(0, dash)] : undefined;
}
