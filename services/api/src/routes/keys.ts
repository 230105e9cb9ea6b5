import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiKey, ApiKeyId, ApiKeyPage, CreateApiKeyRequest, CreatedApiKey, PageQuery, Problem } from '@distillery/contracts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 429: Problem, 503: Problem };
const KeyParams = Type.Object({ id: ApiKeyId });

/**
 * API keys, for admins (auth.ts keeps /v1/keys for admin keys): create one
 * for any tenant, list them, revoke a stored one. Rotation is create, switch,
 * revoke. The rules live in KeyDirectory.
 */
export const keyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const directory = app.keyDirectory;

  app.post(
    '/v1/keys',
    {
      schema: {
        operationId: 'createApiKey',
        tags: ['keys'],
        summary: 'Create an API key for a tenant and role; the key is in this answer only (admin keys only)',
        body: CreateApiKeyRequest,
        response: { 201: CreatedApiKey, ...errors },
      },
    },
    async (request, reply) => {
      const created = await directory.create(request.body);
      request.log.info({ keyId: created.id, tenant: created.tenant, role: created.role, by: request.principal.keyId }, 'API key created');
      // The key is in the body: no cache along the way may keep it.
      return reply.code(201).header('location', `/v1/keys/${created.id}`).header('cache-control', 'no-store').send(created);
    },
  );

  app.get(
    '/v1/keys',
    {
      schema: {
        operationId: 'listApiKeys',
        tags: ['keys'],
        summary: 'API keys, configured ones first, then stored ones newest first; never a key or its hash (admin keys only)',
        querystring: PageQuery,
        response: { 200: ApiKeyPage, ...errors },
      },
    },
    async (request) => directory.list({ limit: request.query.limit ?? 50, after: request.query.after }),
  );

  app.get(
    '/v1/keys/:id',
    {
      schema: {
        operationId: 'getApiKey',
        tags: ['keys'],
        summary: 'One API key: tenant, role, name, source, creation and last use (admin keys only)',
        params: KeyParams,
        response: { 200: ApiKey, 404: Problem, ...errors },
      },
    },
    async (request) => directory.get(request.params.id),
  );

  app.delete(
    '/v1/keys/:id',
    {
      schema: {
        operationId: 'revokeApiKey',
        tags: ['keys'],
        summary:
          'Revoke a stored key: refused from the next request on, on every API instance. A configured key is refused (409 `key_configured`), and so is the last admin key (409 `last_admin_key`) (admin keys only)',
        params: KeyParams,
        response: { 204: Type.Null(), 404: Problem, 409: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const revoked = await directory.revoke(request.params.id);
      request.log.info({ keyId: revoked.id, tenant: revoked.tenant, role: revoked.role, by: request.principal.keyId }, 'API key revoked');
      return reply.code(204).send(null);
    },
  );
};
