/**
 * One message: text (links only http(s), opened with noopener noreferrer), files, time,
 * marks; the sender's avatar and name where a run of theirs starts.
 */
import type { FileToSend, OutboxFile } from "../../../src/client";
import { assertNever, type ChatMessage } from "../../../src/protocol";
import { formatTime } from "../i18n";
import { linkify } from "../state/links";
import { AttachmentList } from "./attachments";
import { UserAvatar } from "./avatar";
import { messageText, nameOf, type Ui } from "./describe";
import { PendingFiles } from "./pending-files";

export function Body(props: { text: string }) {
  return (
    <p class="body">
      {linkify(props.text).map((piece, i) =>
        piece.href ? (
          <a key={i} href={piece.href} target="_blank" rel="noopener noreferrer">
            {piece.text}
          </a>
        ) : (
          piece.text
        ),
      )}
    </p>
  );
}

/** A mark beside a message: what it shows, and what a screen reader says (if different). */
export interface Mark {
  text: string;
  label?: string;
}

interface MessageProps {
  ui: Ui;
  message: ChatMessage;
  /** The first of a run of one sender's messages: their avatar shows beside it. */
  runStart: boolean;
  /** Their name above it too (groups and object chats). */
  showSender: boolean;
  /** Read or delivered mark (direct rooms), or how many have not read it (groups). */
  mark: Mark | null;
}

export function MessageItem(props: MessageProps) {
  const { ui, message, mark } = props;
  switch (message.kind) {
    case "system":
      return (
        <li class="system" data-seq={message.seq}>
          {messageText(ui, message)}
        </li>
      );
    case "text":
    case "attachment":
      return <MemberMessage {...props} mark={mark} />;
    case "object":
      // Posted by the chat's object itself (a device's report, a listing's price drop).
      return (
        <li class="msg object-post" data-seq={message.seq}>
          <span class="sender">{ui.t("objectPost")}</span>
          <div class="bubble">
            <Body text={message.body} />
          </div>
        </li>
      );
    case "edit":
    case "delete":
    case "reaction":
      return null; // applied to the message they change (state/timeline.ts)
    default:
      return assertNever(message.kind);
  }
}

/** A message someone wrote: its files, then its text (a caption, if any) in a bubble. */
function MemberMessage(props: MessageProps) {
  const { ui, message, showSender, mark } = props;
  const mine = message.senderId === ui.store.me.user.id;
  const name = nameOf(ui, message.senderId);
  return (
    <li class={mine ? "msg mine" : "msg theirs"} data-seq={message.seq}>
      {props.runStart && !mine && (
        <UserAvatar ui={ui} userId={message.senderId} name={name} class="msg-avatar" />
      )}
      {showSender && !mine && <span class="sender">{name}</span>}
      {message.kind === "attachment" && (
        <AttachmentList ui={ui} files={message.attachments ?? []} caption={message.body} />
      )}
      {(message.kind === "text" || message.body !== "") && (
        <div class="bubble">
          <Body text={message.body} />
        </div>
      )}
      <span class="meta">
        {mark && (
          <span class="mark">
            <span aria-hidden={mark.label ? "true" : undefined}>{mark.text}</span>
            {mark.label && <span class="visually-hidden">{mark.label}</span>}
          </span>
        )}
        <time dateTime={new Date(message.createdAt).toISOString()}>
          {formatTime(ui.lang, message.createdAt)}
        </time>
      </span>
    </li>
  );
}

/** A message of mine not yet stored, or refused; its files with their progress. */
export function OutgoingItem(props: {
  ui: Ui;
  body: string;
  files?: (FileToSend | OutboxFile)[] | undefined;
  state: "sending" | "retrying" | { failed: string };
  onCancelFile?: (key: string) => void;
  onRetry?: () => void;
  onDiscard?: () => void;
}) {
  const { ui, body, state, files } = props;
  const { t } = ui;
  const failed = typeof state === "object";
  return (
    <li class={`msg mine outgoing${failed ? " failed" : ""}`}>
      {files && <PendingFiles ui={ui} files={files} onCancel={props.onCancelFile} />}
      {(!files || body !== "") && (
        <div class="bubble">
          <Body text={body} />
        </div>
      )}
      <span class="meta">{failed ? t("failed", { reason: state.failed }) : t(state)}</span>
      {failed && (
        <span class="actions">
          <button type="button" onClick={props.onRetry}>
            {t("retry")}
          </button>
          <button type="button" class="secondary" onClick={props.onDiscard}>
            {t("discard")}
          </button>
        </span>
      )}
    </li>
  );
}
