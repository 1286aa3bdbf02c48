// shopctl category create|list
import type { Command } from 'commander';
import { createCategory } from '../app/catalogue.js';
import { listCategories } from '../app/queries.js';
import { checkCategoryName } from '../domain/category.js';
import { shortId } from '../domain/references.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { printOutcome } from './output.js';
import { optionalId } from './parse.js';
import { requireValue } from './prompts.js';
import { shortIdsFor } from './render/ids.js';

export function registerCategoryCommands(program: Command, io: CliIO): void {
  const category = examples(program.command('category').description('create and list product categories (up to 3 levels deep)'),
    ['shopctl category create Apparel', 'shopctl category list']);

  examples(
    category.command('create').description('create a category, optionally under a parent')
      .argument('[name]', 'category name (1–80 characters, unique in any letter case)')
      .option('--parent <category>', 'parent category, by id or name')
      .option('--id <uuid>', 'use this id (re-running with the same id and name changes nothing)'),
    ['shopctl category create Apparel', 'shopctl category create Shirts --parent Apparel'],
  ).action(action(io, async (ctx, [name], flags) => runCategoryCreate(ctx, {
    name: await requireValue(ctx, name, { flag: '<name>', message: 'Category name', check: checkCategoryName }),
    parent: flagString(flags, 'parent'),
    id: optionalId(flagString(flags, 'id')),
  })));

  examples(
    category.command('list').description('show the category tree'),
    ['shopctl category list', 'shopctl category list --json'],
  ).action(action(io, (ctx) => runCategoryList(ctx)));
}

export function runCategoryCreate(ctx: CliContext, options: { name: string; parent?: string; id?: string }): void {
  const outcome = createCategory(ctx.shop(), options);
  printOutcome(ctx, outcome, `category "${options.name.trim()}" (${shortId(outcome.id)})`,
    `shopctl product create --name <name> --price <price> --category ${JSON.stringify(options.name.trim())}`);
}

export async function runCategoryList(ctx: CliContext): Promise<void> {
  const tree = listCategories(ctx.shop());
  if (ctx.json) return ctx.printJson(tree.map(({ id, name, parentId, depth, path }) => ({ id, name, parentId, depth, path })));
  if (tree.length === 0) return ctx.out('No categories yet. Create one: shopctl category create <name>');
  const short = shortIdsFor(tree.map((c) => c.id));
  ctx.out(ctx.table(['Category', 'Id'], tree.map((c) => [`${'  '.repeat(c.depth - 1)}${c.depth > 1 ? '└ ' : ''}${c.name}`, short(c.id)])));
}
