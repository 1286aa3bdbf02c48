// A short picture of the shop for people: catalogue, stock, orders by status, pending outbox.
import type { ShopSummary } from '../app/summary.js';
import type { CliContext } from './context.js';

export function printShopSummary(ctx: CliContext, shop: ShopSummary): void {
  const c = ctx.color;
  const { products, stock } = shop;
  const orders = Object.entries(shop.ordersByStatus).map(([status, n]) => `${status.toLowerCase()} ${n}`).join(', ');
  ctx.out([
    c.bold('Shop summary'),
    `  products   ${products.total} (${products.active} active, ${products.variants} variants) in ${shop.categories} categories`,
    `  stock      ${stock.onHand} on hand, ${stock.reserved} reserved, ${stock.available} available across ${stock.items} sellable units (${stock.soldOut} sold out)`,
    `  customers  ${shop.customers}`,
    `  orders     ${orders}`,
    `  outbox     ${shop.outboxPending} pending message(s)`,
    `  events     ${shop.events}`,
  ].join('\n'));
}
