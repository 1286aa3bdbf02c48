// Taking a deactivated product out of every cart that holds it (ItemRemovedFromCart, reason
// "product deactivated"), inside the deactivation's own transaction.
import { cartDecider } from '../domain/cart.js';
import { streamIdOf } from '../domain/events.js';
import { CartQueries, type CommandInfo, type UnitOfWork } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export function removeProductFromCarts(app: ShopApp, uow: UnitOfWork, info: CommandInfo, productId: string): void {
  for (const cartId of app.store.queries(CartQueries).cartsHoldingProduct(productId)) {
    const streamId = streamIdOf.cart(cartId);
    const { state, version } = uow.load(streamId, cartDecider);
    const decided = cartDecider.decide({ type: 'RemoveProductFromCart', data: { cartId, productId, now: uow.now } }, state);
    uow.append(streamId, version, decided, info);
  }
}
