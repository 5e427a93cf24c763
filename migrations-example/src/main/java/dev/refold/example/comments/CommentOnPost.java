package dev.refold.example.comments;

import dev.refold.event.AppendResult;
import dev.refold.event.EventLog;
import dev.refold.event.ExpectedVersion;
import dev.refold.event.NewEvent;
import dev.refold.example.events.CommentAdded;
import dev.refold.example.history.EventIds;

/**
 * The command a reader's "Post comment" button sends: load the post by folding its stream, decide, and append
 * with the stream version the decision was based on, so that a concurrent change (a deletion) makes the
 * append fail instead of slipping in behind it.
 */
public final class CommentOnPost {
    private final EventLog log;

    public CommentOnPost(EventLog log) {
        this.log = log;
    }

    /**
     * @throws CommentRejectedException when the post does not exist or was deleted
     * @throws dev.refold.event.StreamVersionConflictException when the post changed while the comment was decided
     */
    public AppendResult comment(String postId, String commenter, String text) {
        PostState post = log.fold(postId, PostState.NONE, PostState::apply);
        if (!post.published()) {
            throw new CommentRejectedException("There is no post '" + postId + "'");
        }
        if (post.deleted()) {
            throw new CommentRejectedException("Post '" + postId + "' (\"" + post.title() + "\") was deleted: comments are closed");
        }
        // The comment's id is its place in the post's stream, and the event id derives from it: should this append
        // time out with its outcome unknown, retrying the same append stores nothing twice.
        String commentId = postId + "/" + (post.version() + 1);
        CommentAdded comment = new CommentAdded(postId, commentId, commenter, text);
        return log.append(postId, ExpectedVersion.exactly(post.version()),
                NewEvent.of(comment).withId(EventIds.of(comment)));
    }
}
