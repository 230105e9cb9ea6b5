import { Type, type Static } from 'typebox';
import { TenantId } from './common.ts';

/**
 * API keys as the admin routes (/v1/keys) show them: never the key itself nor
 * its hash. A key is `stored` (created through the API, or the admin key of
 * the first start; only its sha256 is kept, in Redis) or `configured`
 * (API_KEYS / API_KEYS_FILE: it lives in configuration, and is removed there).
 */
export const ApiKeyRole = Type.Union([Type.Literal('admin'), Type.Literal('user')], {
  $id: 'ApiKeyRole',
  description: "`user` sees its tenant's records; `admin` also monitors every tenant's work and manages keys.",
});
export type ApiKeyRole = Static<typeof ApiKeyRole>;

export const ApiKeySource = Type.Union([Type.Literal('stored'), Type.Literal('configured')], {
  $id: 'ApiKeySource',
  description: '`stored`: created by the service, revocable with DELETE /v1/keys/{id}. `configured`: from API_KEYS or API_KEYS_FILE; remove it there.',
});
export type ApiKeySource = Static<typeof ApiKeySource>;

const KeyName = Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for (`ci`, `notebook`): shown in listings, never secret.' });

export const ApiKeyId = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^key_[0-9a-z]+$',
  description: 'The key id (`key_…`): names the key in listings, logs and rate limits. It is not the key, and the key cannot be derived from it.',
});

export const CreateApiKeyRequest = Type.Object(
  {
    tenant: Type.With(TenantId, { description: 'The tenant the key acts for; any name of lower-case letters, digits, `_` and `-`.' }),
    role: ApiKeyRole,
    name: Type.Optional(KeyName),
  },
  { $id: 'CreateApiKeyRequest', additionalProperties: false },
);
export type CreateApiKeyRequest = Static<typeof CreateApiKeyRequest>;

const apiKeyProperties = {
  id: ApiKeyId,
  tenant: TenantId,
  role: ApiKeyRole,
  name: Type.Optional(Type.String({ description: 'Given at creation; for a configured key, where it is configured (`API_KEYS entry 2`) unless API_KEYS_FILE names it.' })),
  source: ApiKeySource,
  createdAt: Type.Optional(Type.String({ description: 'When it was created; absent for a configured key.' })),
  lastUsedAt: Type.Optional(
    Type.String({ description: 'When a request last authenticated with it, to within a minute (each API instance writes it at most once a minute per key); absent if never.' }),
  ),
};

export const ApiKey = Type.Object(apiKeyProperties, { $id: 'ApiKey' });
export type ApiKey = Static<typeof ApiKey>;

export const CreatedApiKey = Type.Object(
  {
    ...apiKeyProperties,
    key: Type.String({ description: 'The key itself (`dk_…`), shown this once: only its sha256 is kept. Send it as `Authorization: Bearer <key>`.' }),
  },
  { $id: 'CreatedApiKey' },
);
export type CreatedApiKey = Static<typeof CreatedApiKey>;

export const ApiKeyPage = Type.Object(
  {
    items: Type.Array(ApiKey, { description: 'Configured keys first, in configuration order, then stored keys, newest first.' }),
    next: Type.Optional(Type.String({ description: 'Cursor for the next page (pass it as `after`); absent on the last page.' })),
  },
  { $id: 'ApiKeyPage' },
);
export type ApiKeyPage = Static<typeof ApiKeyPage>;
