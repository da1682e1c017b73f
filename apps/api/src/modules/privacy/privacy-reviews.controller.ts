import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import {
  ObjectIdString,
  TEXT_TARGETS,
  type PostDto,
  type PrivacyReviewDto,
  type PurgeOutcome,
  type ReviewCountDto,
} from '@casebridge/contracts';
import { ValidBody, ValidQuery } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { PrivacyReviewsService } from './privacy-reviews.service';

const OverrideRequest = Type.Object(
  {
    target: Type.Union([Type.Literal('case'), Type.Literal('post')]),
    /** The case body (CreateCaseRequest) or the post body ({caseId, body, clientId, parentId?, anonymous?}). */
    payload: Type.Object({}, { additionalProperties: true }),
    confirmations: Type.Array(
      Type.Object(
        {
          field: Type.String({ minLength: 1, maxLength: 60 }),
          start: Type.Integer({ minimum: 0 }),
          end: Type.Integer({ minimum: 1 }),
          reason: Type.String({ minLength: 3, maxLength: 500 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
const QueueQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union(['pending', 'approved', 'rejected', 'redacted', 'deleted', 'restored', 'all'].map((s) => Type.Literal(s))),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
const RedactRequest = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false });

const ReportTextRequest = Type.Object(
  {
    target: Type.Union(TEXT_TARGETS.map((t) => Type.Literal(t))),
    id: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-f0-9]{24}(:[0-9]{1,4})?$' }),
    field: Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9_.]+$' }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
const PurgeTextRequest = Type.Object({ text: Type.Optional(Type.String({ maxLength: 10000 })) }, { additionalProperties: false });

const notFoundIfInvalid = (id: string) => (new RegExp(ObjectIdString.pattern as string).test(id) ? id : '000000000000000000000000');

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class PrivacyReviewsController {
  constructor(private readonly reviews: PrivacyReviewsService) {}

  /** The author confirms findings as false positives; the item waits for a moderator (202). */
  @Post('overrides')
  @HttpCode(202)
  override(@CurrentActor() actor: Actor, @ValidBody(OverrideRequest) body: Static<typeof OverrideRequest>): Promise<{ reviewId: string }> {
    return this.reviews.override(actor, body);
  }

  @Get('reviews')
  queue(@CurrentActor() actor: Actor, @ValidQuery(QueueQuery) q: Static<typeof QueueQuery>): Promise<PrivacyReviewDto[]> {
    return this.reviews.queue(actor, q.status, q.limit);
  }

  /** The moderator's badge: open items in the cohorts they moderate. */
  @Get('reviews/count')
  count(@CurrentActor() actor: Actor): Promise<ReviewCountDto> {
    return this.reviews.count(actor);
  }

  @Post('reviews/:id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PrivacyReviewDto> {
    return this.reviews.approve(actor, notFoundIfInvalid(id));
  }

  @Post('reviews/:id/reject')
  @HttpCode(200)
  reject(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PrivacyReviewDto & PurgeOutcome> {
    return this.reviews.reject(actor, notFoundIfInvalid(id));
  }

  @Post('reports/:postId/redact')
  @HttpCode(200)
  redact(
    @CurrentActor() actor: Actor,
    @Param('postId') postId: string,
    @ValidBody(RedactRequest) body: Static<typeof RedactRequest>,
  ): Promise<PostDto & PurgeOutcome> {
    return this.reviews.resolveReport(actor, notFoundIfInvalid(postId), 'redact', body.body);
  }

  @Post('reports/:postId/delete')
  @HttpCode(200)
  purge(@CurrentActor() actor: Actor, @Param('postId') postId: string): Promise<PostDto & PurgeOutcome> {
    return this.reviews.resolveReport(actor, notFoundIfInvalid(postId), 'delete');
  }

  /** Report one field of any other stored text (case, follow-up, escalation, chat message, names). */
  @Post('text-reports')
  @HttpCode(202)
  reportText(
    @CurrentActor() actor: Actor,
    @ValidBody(ReportTextRequest) body: Static<typeof ReportTextRequest>,
  ): Promise<{ status: 'reported'; reviewId: string }> {
    return this.reviews.reportText(actor, body);
  }

  /** Replace the reported text everywhere it is stored (with `text`, gated, or a placeholder). */
  @Post('text-reports/:id/purge')
  @HttpCode(200)
  purgeText(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(PurgeTextRequest) body: Static<typeof PurgeTextRequest>,
  ): Promise<PrivacyReviewDto & PurgeOutcome> {
    return this.reviews.purgeText(actor, notFoundIfInvalid(id), body.text);
  }

  @Post('text-reports/:id/restore')
  @HttpCode(200)
  restoreText(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PrivacyReviewDto> {
    return this.reviews.restoreText(actor, notFoundIfInvalid(id));
  }

  /** A false report: the post is shown again unchanged. */
  @Post('reports/:postId/restore')
  @HttpCode(200)
  restore(@CurrentActor() actor: Actor, @Param('postId') postId: string): Promise<PostDto> {
    return this.reviews.restoreReport(actor, notFoundIfInvalid(postId));
  }
}
