package dev.refold.example.comments;

/** The post cannot take the comment: it does not exist, or it was deleted. Nothing was appended. */
public final class CommentRejectedException extends RuntimeException {
    public CommentRejectedException(String message) {
        super(message);
    }
}
