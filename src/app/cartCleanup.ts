// Taking a deactivated product out of every cart that holds it (ItemRemovedFromCart).
import type { CommandInfo, UnitOfWork } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

// Filled in with the cart aggregate (issue: customers, carts, orders).
export function removeProductFromCarts(_app: ShopApp, _uow: UnitOfWork, _info: CommandInfo, _productId: string): void {}
