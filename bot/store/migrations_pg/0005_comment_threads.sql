-- A customer's thread: their comments on one post. Finding the open draft of a thread (one
-- open draft per thread, updated by each new comment in it) looks comments up by post and author.
CREATE INDEX comments_thread ON comments (post_id, author);
