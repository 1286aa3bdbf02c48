// Taking a deactivated product out of every cart that holds it (ItemRemovedFromCart, reason
// "product deactivated"), inside the deactivation's own transaction.
import { cartDecider } from '../domain/cart.js';
import { streamIdOf } from '../domain/events.js';
import type { CommandInfo, UnitOfWork } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export function removeProductFromCarts(app: ShopApp, uow: UnitOfWork, info: CommandInfo, productId: string): void {
  for (const cartId of app.store.carts.cartsHoldingProduct(productId)) {
    uow.handle(streamIdOf.cart(cartId), cartDecider, { type: 'RemoveProductFromCart', data: { cartId, productId, now: uow.now } }, info);
  }
}
