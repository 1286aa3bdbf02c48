// shopctl customer register|list|show
import { Option, type Command } from 'commander';
import { UsageError } from '../app/errors.js';
import { listCustomers, registerCustomer, showCustomer, type CustomerView } from '../app/customers.js';
import { checkCustomerName, normaliseEmail } from '../domain/customer.js';
import { checkPasswordStrength, MAX_PASSWORD_INPUT_BYTES, passwordInputTooLong } from '../domain/password.js';
import { shortId } from '../domain/references.js';
import { action, examples, flagString } from './action.js';
import { localMinute } from './render/time.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { printOutcome } from './output.js';
import { optionalId } from './parse.js';
import { askSecret, requireValue } from './prompts.js';
import { shortIdsFor } from './render/ids.js';

export function registerCustomerCommands(program: Command, io: CliIO): void {
  const customer = program.command('customer').description('register and look up customers');

  examples(
    customer.command('register').description('register a customer (the password is asked for, or read from stdin)')
      .option('--email <email>', 'email address (unique in any letter case, stored lower-case)')
      .option('--name <name>', 'the customer\'s name')
      .option('--password-stdin', 'read the password from stdin (12–128 characters) instead of asking')
      .option('--id <uuid>', 'use this id (re-running with the same id, email and name changes nothing)')
      // Never accepted: a secret on the command line ends up in shell history and `ps`.
      // Declared (hidden) so the usage error does not echo the value back.
      .addOption(new Option('--password <password>').hideHelp()),
    [
      'shopctl customer register --email ada@example.com --name "Ada Lovelace"',
      'printf "%s\\n" "$PASSWORD" | shopctl customer register --email ada@example.com --name "Ada Lovelace" --password-stdin',
    ],
  ).action(action(io, async (ctx, _args, flags) => {
    if (flags.password !== undefined) {
      throw new UsageError('a password is never taken from a flag', 'use --password-stdin, or run on a terminal to be asked');
    }
    const email = await requireValue(ctx, flagString(flags, 'email'), { flag: '--email', message: 'Email', check: normaliseEmail });
    const name = await requireValue(ctx, flagString(flags, 'name'), { flag: '--name', message: 'Name', check: checkCustomerName });
    const password = await readPassword(ctx, flags.passwordStdin === true);
    const outcome = await registerCustomer(ctx.shop(), { id: optionalId(flagString(flags, 'id')), email, name, password });
    printOutcome(ctx, outcome, `customer ${email.trim().toLowerCase()} registered (${shortId(outcome.id)}); verification email queued in the outbox`,
      `shopctl cart add ${email.trim().toLowerCase()} --product <product> --quantity 1`);
    // A re-run is judged on email and name; the password given now is not compared or stored.
    if (outcome.unchanged) ctx.warn('note: the customer already exists; the password was left as it was');
  }));

  examples(
    customer.command('list').description('list customers'),
    ['shopctl customer list', 'shopctl customer list --json'],
  ).action(action(io, async (ctx) => {
    const customers = listCustomers(ctx.shop());
    if (ctx.json) return ctx.printJson(customers);
    const short = shortIdsFor(customers.map((c) => c.id));
    if (customers.length === 0) return ctx.out('No customers. Register one: shopctl customer register --email <email> --name <name>');
    ctx.out(ctx.table(['Email', 'Name', 'Status', 'Orders', 'Registered', 'Id'],
      customers.map((c) => [c.email, c.name, c.status, c.orders, localMinute(c.registeredAt), short(c.id)])));
  }));

  examples(
    customer.command('show').description('show one customer')
      .argument('<customer>', 'customer id or email'),
    ['shopctl customer show ada@example.com'],
  ).action(action(io, (ctx, [ref]) => printCustomer(ctx, showCustomer(ctx.shop(), ref))));
}

function printCustomer(ctx: CliContext, c: CustomerView): void {
  if (ctx.json) return ctx.printJson(c);
  ctx.out(`${ctx.color.bold(c.name)} <${c.email}>  ${c.status}`);
  ctx.out(`id ${c.id}  registered ${localMinute(c.registeredAt)}  orders ${c.orders}`);
  ctx.out(`Cart: ${ctx.color.cyan(`shopctl cart show ${c.email}`)}  Orders: ${ctx.color.cyan(`shopctl order list --customer ${c.email}`)}`);
}

/** From stdin with --password-stdin (one trailing line break dropped), else a hidden prompt. */
async function readPassword(ctx: CliContext, fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    // Reading stops as soon as the input cannot be an allowed password: bounded time and memory.
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of ctx.io.stdin) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer;
      chunks.push(buffer);
      bytes += buffer.length;
      if (bytes > MAX_PASSWORD_INPUT_BYTES) {
        chunks.length = 0;
        throw passwordInputTooLong();
      }
    }
    const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (text === '') throw new UsageError('--password-stdin given but stdin was empty', 'write the password on stdin');
    return text;
  }
  if (!ctx.interactive) {
    throw new UsageError('missing password: pass --password-stdin and write it on stdin', 'or run on a terminal to be asked (hidden)');
  }
  // A weak password is refused at the first entry, a mismatch at the second; neither loses the rest.
  for (;;) {
    const first = await askSecret(ctx, 'Password (12–128 characters)', checkPasswordStrength);
    const again = await askSecret(ctx, 'Repeat the password');
    if (first === again) return first;
    ctx.warn('the two passwords differ; enter it again');
  }
}
