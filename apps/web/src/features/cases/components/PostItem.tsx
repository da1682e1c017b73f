import { memo } from 'react';
import { formatDateTime } from '../../../lib/time';
import { Button } from '../../../components/ui/controls';
import { Markdown } from '../../../components/ui/Markdown';
import { AuthorLine } from '../../../components/ui/ProfessionBadge';
import type { ThreadPost } from '../hooks/thread';
import { REDACTED_MARKER, type ModerationAction } from './PostChanges';

export interface PostActions {
  onReply: (p: ThreadPost) => void;
  onEndorse?: (p: ThreadPost) => void;
  onReport: (p: ThreadPost) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** The author edits a published post. */
  onEdit?: (p: ThreadPost) => void;
  /** The author and moderators open the edit history. */
  onHistory?: (p: ThreadPost) => void;
  /** A moderator hides, redacts, deletes or shows again a post (after a confirmation). */
  onModerate?: (p: ThreadPost, action: ModerationAction) => void;
}

export function Recommendation({ post }: { post: ThreadPost }) {
  const r = post.recommendation;
  if (!r) return <Markdown>{post.body}</Markdown>;
  const parts: [string, string | undefined][] = [
    ['Question as understood', r.restatedQuestion],
    ['Recommendations', r.recommendations],
    ['Rationale', r.rationale],
    ['If things change', r.contingency],
    ['Follow-up', r.followUp],
  ];
  return (
    <dl className="recommendation-body">
      {parts
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <Markdown>{v!}</Markdown>
            </dd>
          </div>
        ))}
    </dl>
  );
}

function PostItemInner({
  post,
  depth,
  orphanOf,
  parentName,
  meId,
  canEndorse,
  canModerate = false,
  actions,
  posinset,
  setsize,
}: {
  post: ThreadPost;
  depth: 0 | 1;
  orphanOf?: string;
  parentName?: string;
  meId: string;
  canEndorse: boolean;
  /** A moderator of the case's cohort or an admin (the server checks again). */
  canModerate?: boolean;
  actions: PostActions;
  posinset: number;
  setsize: number;
}) {
  const titleId = `post-${post.id}-title`;
  const mine = post.author.id === meId;
  const settled = !post.pending && post.kind !== 'system' && !post.deleted;
  const canSeeHistory = (mine || canModerate) && !!actions.onHistory;
  const edited = !!post.editedAt && !post.moderatorEdited && !post.deleted;
  const kindClass = post.kind === 'recommendation' ? 'post-recommendation' : post.kind === 'system' ? 'post-system' : '';
  return (
    <article
      className={`post depth-${depth} ${kindClass} ${post.pending ? 'post-pending' : ''}`}
      aria-labelledby={titleId}
      aria-posinset={posinset}
      aria-setsize={setsize}
      tabIndex={0}
      data-post-id={post.id}
      data-profession={post.author.profession}
    >
      <header className="post-head" id={titleId}>
        {post.kind === 'recommendation' && <span className="kind-label">Faculty recommendation</span>}
        {post.kind === 'system' ? <span className="kind-label">System</span> : <AuthorLine author={post.author} />}
        <span className="post-time">
          {post.pending ? post.failed ? 'Not sent' : 'Sending…' : <time dateTime={post.createdAt}>{formatDateTime(post.createdAt)}</time>}
        </span>
        {depth === 1 && parentName && <span className="reply-to">replying to {parentName}</span>}
        {orphanOf && !parentName && <span className="reply-to">reply</span>}
        {edited &&
          (canSeeHistory ? (
            <Button
              className="btn-small edited-marker"
              variant="quiet"
              onPress={() => actions.onHistory!(post)}
              aria-label="edited: show edit history"
            >
              edited
            </Button>
          ) : (
            <span className="edited-marker" title={post.editedAt ? `Edited ${formatDateTime(post.editedAt)}` : undefined}>
              edited
            </span>
          ))}
        {post.moderatorEdited && !post.deleted && (
          <span className="moderator-edited" aria-label="edited by a moderator">
            {REDACTED_MARKER}
          </span>
        )}
        {post.hidden && canModerate && !post.deleted && <span className="moderator-edited">hidden from members</span>}
      </header>
      {post.deleted ? (
        <p className="muted">Removed by a moderator.</p>
      ) : post.hidden && !canModerate ? (
        <p className="muted">Hidden while a moderator reviews it for patient identifiers.</p>
      ) : post.kind === 'recommendation' ? (
        <Recommendation post={post} />
      ) : (
        <Markdown>{post.body}</Markdown>
      )}
      {post.endorsedBy && post.endorsedBy.length > 0 && (
        <p className="endorsed">
          <span aria-hidden="true">✔ </span>Endorsed by {post.endorsedBy.map((e) => e.displayName).join(', ')}
        </p>
      )}
      <div className="post-actions">
        {post.pending ? (
          post.failed && post.clientId ? (
            <>
              <Button className="btn-small" onPress={() => actions.onRetry(post.clientId!)}>
                Retry
              </Button>
              <Button className="btn-small" variant="quiet" onPress={() => actions.onDiscard(post.clientId!)}>
                Discard
              </Button>
            </>
          ) : null
        ) : (
          post.kind !== 'system' &&
          !post.deleted && (
            <>
              <Button className="btn-small" variant="quiet" onPress={() => actions.onReply(post)}>
                Reply
              </Button>
              {canEndorse && !mine && actions.onEndorse && !post.endorsedBy?.some((e) => e.id === meId) && (
                <Button className="btn-small" variant="quiet" onPress={() => actions.onEndorse!(post)}>
                  Endorse
                </Button>
              )}
              {!post.hidden && !canModerate && (
                <Button className="btn-small" variant="quiet" onPress={() => actions.onReport(post)}>
                  Report identifier
                </Button>
              )}
              {mine && settled && !post.hidden && post.kind === 'post' && actions.onEdit && (
                <Button className="btn-small" variant="quiet" onPress={() => actions.onEdit!(post)}>
                  Edit
                </Button>
              )}
            </>
          )
        )}
        {canModerate && settled && actions.onModerate && (
          <span className="moderator-actions" role="group" aria-label="Moderator actions">
            {post.hidden ? (
              <Button className="btn-small" variant="quiet" onPress={() => actions.onModerate!(post, 'restore')}>
                Show again…
              </Button>
            ) : (
              <Button className="btn-small" variant="quiet" onPress={() => actions.onModerate!(post, 'hide')}>
                Hide…
              </Button>
            )}
            <Button className="btn-small" variant="quiet" onPress={() => actions.onModerate!(post, 'redact')}>
              Redact…
            </Button>
            <Button className="btn-small" variant="quiet" onPress={() => actions.onModerate!(post, 'delete')}>
              Delete…
            </Button>
          </span>
        )}
      </div>
    </article>
  );
}

export const PostItem = memo(PostItemInner);
