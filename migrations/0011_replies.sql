-- Replies (issue 22): the seq of the earlier message of the same room a message quotes;
-- NULL when it quotes none. The room checks the target when the reply is sent.
ALTER TABLE archive_messages ADD COLUMN reply_to INTEGER;
