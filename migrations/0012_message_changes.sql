-- Edits, deletes and reactions (issue 22, docs/decisions/0008-changing-messages.md). An
-- `edit`, `delete` or `reaction` event names the message it changes (`target`), a reaction
-- its emoji and whether it was put (1) or taken back (0). The changed message's row takes
-- its state through the upsert by `version` that 0002 made for this: `body`, `folded`,
-- `edited_at`, `deleted_at` and now `reactions` (JSON: each emoji with who put it). A
-- delete empties `body`, `folded` and `attachments`, and the search index follows `body`.
ALTER TABLE archive_messages ADD COLUMN target INTEGER;
ALTER TABLE archive_messages ADD COLUMN emoji TEXT;
ALTER TABLE archive_messages ADD COLUMN reaction_on INTEGER;
ALTER TABLE archive_messages ADD COLUMN reactions TEXT;
