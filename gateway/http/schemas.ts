import { Type, type Static } from '@sinclair/typebox';
import { CaseOutcomeSchema } from '../../contract/messages.ts';
import { RatingLevelSchema } from '../../contract/ratings.ts';

/** Request bodies of the gateway API. Unknown fields are errors, not silently dropped. */
const Strict = { additionalProperties: false } as const;
/** Printable text only: a case number or account name never holds control characters. */
const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f]+$';

export const SignInBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, pattern: NO_CONTROL }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  Strict,
);
export type SignInBody = Static<typeof SignInBodySchema>;

export const CompleteCaseBodySchema = Type.Object(
  {
    outcome: CaseOutcomeSchema,
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: NO_CONTROL })),
  },
  Strict,
);
export type CompleteCaseBody = Static<typeof CompleteCaseBodySchema>;

export const LevelBodySchema = Type.Object({ level: RatingLevelSchema }, Strict);
export type LevelBody = Static<typeof LevelBodySchema>;

/** Sign-out takes nothing; an empty JSON object is what the kiosk sends. */
export const EmptyBodySchema = Type.Object({}, Strict);
