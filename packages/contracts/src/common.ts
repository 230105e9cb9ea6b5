import { Type, type Static } from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** Who owns a record: every API key is bound to one tenant, and sees only that tenant's records. */
export const TenantId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_-]*$' });

/** RFC 9457 problem details, the one error shape of every route. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the error code.' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code.' }),
    detail: Type.String({ description: 'What went wrong and what to change.' }),
    field: Type.Optional(Type.String({ description: 'The request field at fault, as a JSON pointer (`/method/kind`, `/after`).' })),
  },
  { $id: 'Problem' },
);
export type Problem = Static<typeof Problem>;

export const JobErrorInfo = Type.Object(
  { code: Type.String(), message: Type.String() },
  { $id: 'JobError' },
);
export type JobErrorInfo = Static<typeof JobErrorInfo>;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page.' })),
  after: Type.Optional(
    Type.String({
      description: 'Cursor: the `next` value of the previous page; leave it out for the first page. Any other value answers 400 `invalid_request` with field `/after`.',
    }),
  ),
});
