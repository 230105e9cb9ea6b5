import type { components } from '../../schema.ts';
import { printJson, printLine, type Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../render/table.ts';

type ApiKey = components['schemas']['ApiKey'];

const ROLES = ['user', 'admin'] as const;

/** `2026-11-28T04:14:56.123Z` -> `2026-11-28 04:14:56Z`, as the other listings show times. */
const time = (iso: string | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

const create: Command = {
  name: ['keys', 'create'],
  summary: 'create an API key for a tenant and role; the key is printed this once (admin key needed)',
  synopsis: '--tenant <tenant> --role <user|admin> [--name <name>]',
  options: {
    tenant: { type: 'string', value: '<tenant>', description: 'the tenant the key acts for (required): lower-case letters, digits, _ and -' },
    role: { type: 'string', value: '<role>', description: `${ROLES.join(' or ')} (required): an admin key also monitors every tenant and manages keys` },
    name: { type: 'string', value: '<name>', description: 'what the key is for (ci, notebook): shown by keys list' },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    'distill keys create --tenant acme --role user --name ci',
    'KEY=$(distill keys create --tenant acme --role user --name ci)',
    'distill keys create --tenant ops --role admin --json | jq -r .key',
  ],
  notes:
    'POST /v1/keys. The key goes to stdout alone (so $(...) captures it) and what was created to stderr; with --json, stdout gets the whole\n' +
    'answer, key included. Only the key\'s sha256 is kept: it cannot be shown again.\n' +
    'Rotating a key: create a new one, switch the client to it, then revoke the old one with distill keys revoke <id>.',
  async run(ctx, args) {
    const tenant = args.requiredString('tenant');
    const role = args.choice('role', ROLES);
    if (!role) throw new UsageError(`--role is required: ${ROLES.join(' or ')}`);
    const name = args.string('name');
    const body = { tenant, role, ...(name !== undefined ? { name } : {}) };
    const created = await ctx.api.call(ctx.api.client.POST('/v1/keys', { body }));
    if (ctx.json) return printJson(ctx, created);
    printLine(ctx, created.key);
    ctx.io.stderr.write(`created ${created.id} for tenant ${created.tenant} (${created.role}${created.name ? `, ${created.name}` : ''}); the key above is shown only now\n`);
  },
};

const list: Command = {
  name: ['keys', 'list'],
  summary: 'list API keys: configured ones, then stored ones newest first; never the keys themselves (admin key needed)',
  synopsis: '[--limit <n>] [--after <cursor>]',
  options: {
    limit: { type: 'string', value: '<n>', description: 'at most this many (1-200, default 50)' },
    after: { type: 'string', value: '<cursor>', description: 'the page after this cursor' },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: ['distill keys list', 'distill keys list --json | jq -r \'.items[] | select(.tenant == "acme") | .id\''],
  notes: 'Last use is written at most once a minute per key and API instance, so it is right to within a minute.',
  async run(ctx, args) {
    const limit = args.integer('limit', { min: 1, max: 200 });
    const after = args.string('after');
    const page = await ctx.api.call(ctx.api.client.GET('/v1/keys', { params: { query: { ...(limit ? { limit } : {}), ...(after ? { after } : {}) } } }));
    if (ctx.json) return printJson(ctx, page);
    if (page.items.length === 0) return printLine(ctx, 'no keys');
    printLine(
      ctx,
      renderTable(
        [
          { header: 'id', cell: (key: ApiKey) => key.id },
          { header: 'tenant', cell: (key) => key.tenant },
          { header: 'role', cell: (key) => key.role },
          { header: 'name', cell: (key) => key.name ?? '' },
          { header: 'source', cell: (key) => key.source },
          { header: 'created', cell: (key) => time(key.createdAt) },
          { header: 'last used', cell: (key) => time(key.lastUsedAt) || 'never' },
        ],
        page.items,
      ),
    );
    if (page.next) printLine(ctx, `more: distill keys list --after ${page.next}`);
  },
};

const revoke: Command = {
  name: ['keys', 'revoke'],
  summary: 'revoke a stored API key: every request with it is refused from now on (admin key needed)',
  synopsis: '<id>',
  options: {},
  positionals: { min: 1, max: 1, names: 'the key id (key_…, from distill keys list)' },
  examples: ['distill keys revoke key_…'],
  notes:
    'DELETE /v1/keys/:id. A configured key (API_KEYS, API_KEYS_FILE) answers error key_configured: remove it there.\n' +
    'The last admin key answers error last_admin_key: create another admin key first.',
  async run(ctx, args) {
    const id = args.positional(0)!;
    await ctx.api.fetch(`/v1/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (ctx.json) printJson(ctx, { id, revoked: true });
    else printLine(ctx, `key ${id} revoked`);
  },
};

export const keyCommands: Command[] = [create, list, revoke];
