/**
 * One message: text (links only http(s), opened with noopener noreferrer), files, marks
 * ("edited" among them); the sender's avatar and name where a run of theirs starts, the time
 * where it ends (state/runs.ts);
 * the quote of the message it replies to; its reactions; its actions menu. A deleted
 * message says so in its place; in a group, one from a user the viewer blocked shows
 * collapsed until asked for.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { FileToSend, OutboxFile } from "../../../src/client";
import { assertNever, type ChatMessage } from "../../../src/protocol";
import { formatTime } from "../i18n";
import { linkify } from "../state/links";
import { AttachmentList } from "./attachments";
import { UserAvatar } from "./avatar";
import { messageText, nameOf, type Ui } from "./describe";
import { type TargetProps, useActionTarget } from "./message-actions";
import { PendingFiles } from "./pending-files";
import { Reactions } from "./reactions";
import { MessageQuote } from "./reply-quote";
import type { ActionsControl } from "./use-room-actions";

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
  /** The last of its run: the time shows under it. */
  runEnd: boolean;
  /** Their name above it too (groups and object chats). */
  showSender: boolean;
  /**
   * Read or delivered mark (direct rooms), or how many have not read it (groups); given only
   * where the marks change.
   */
  mark: Mark | null;
  /** Its actions menu; none for a message nothing can be done to. */
  actions?: ActionsControl | undefined;
  /** Its reaction chips toggle the user's own (the user may write in the room). */
  canReact: boolean;
  /** Collapse it if its sender is someone the viewer blocked (a group). */
  hideBlocked: boolean;
}

/** What the actions menu adds to a message's item. */
interface Target {
  target: TargetProps;
  trigger: JSX.Element | null;
  menu: JSX.Element | null;
}

export function MessageItem(props: MessageProps) {
  const { ui, message } = props;
  const menu = useActionTarget(props.actions, ui.t("messageActions"));
  switch (message.kind) {
    case "system":
      return (
        <li class="system" data-seq={message.seq}>
          {messageText(ui, message)}
        </li>
      );
    case "text":
    case "attachment":
      return props.hideBlocked && ui.store.safety.isBlocked(message.senderId) ? (
        <Collapsed {...props} {...menu} />
      ) : (
        <MemberMessage {...props} {...menu} />
      );
    case "object":
      // Posted by the chat's object itself (a device's report, a listing's price drop).
      return (
        <li class="msg object-post" data-seq={message.seq} {...menu.target}>
          <span class="sender">{ui.t("objectPost")}</span>
          {message.replyTo !== undefined && (
            <MessageQuote ui={ui} roomId={message.roomId} seq={message.replyTo} />
          )}
          <div class="bubble">
            <Body text={message.body} />
          </div>
          <Reactions ui={ui} message={message} canReact={props.canReact} />
          {menu.trigger && <span class="meta">{menu.trigger}</span>}
          {menu.menu}
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

/** A message from a user the viewer blocked: collapsed, with a button to show it. */
function Collapsed(props: MessageProps & Target) {
  const [shown, setShown] = useState(false);
  if (shown) return <MemberMessage {...props} />;
  return (
    <li class="msg theirs collapsed" data-seq={props.message.seq}>
      <span class="collapsed-note">
        {props.ui.t("blockedMessage")}{" "}
        <button type="button" class="link" onClick={() => setShown(true)}>
          {props.ui.t("showMessage")}
        </button>
      </span>
    </li>
  );
}

/** A message someone wrote: its files, then its text (a caption, if any) in a bubble. */
function MemberMessage(props: MessageProps & Target) {
  const { ui, message, showSender, mark } = props;
  const mine = message.senderId === ui.store.me.user.id;
  const name = nameOf(ui, message.senderId);
  const deleted = message.deletedAt !== undefined;
  const classes = [
    "msg",
    mine ? "mine" : "theirs",
    deleted && "deleted",
    props.runStart && "run-start",
  ];
  return (
    <li class={classes.filter(Boolean).join(" ")} data-seq={message.seq} {...props.target}>
      {props.runStart && !mine && (
        <UserAvatar ui={ui} userId={message.senderId} name={name} class="msg-avatar" />
      )}
      {showSender && !mine && <span class="sender">{name}</span>}
      {deleted ? (
        <p class="bubble deleted-note">{ui.t("messageDeleted")}</p>
      ) : (
        <>
          {message.replyTo !== undefined && (
            <MessageQuote ui={ui} roomId={message.roomId} seq={message.replyTo} />
          )}
          {message.kind === "attachment" && (
            <AttachmentList ui={ui} files={message.attachments ?? []} caption={message.body} />
          )}
          {(message.kind === "text" || message.body !== "") && (
            <div class="bubble">
              <Body text={message.body} />
            </div>
          )}
          <Reactions ui={ui} message={message} canReact={props.canReact} />
        </>
      )}
      <span class={`meta${props.runEnd || mark || message.editedAt !== undefined ? "" : " bare"}`}>
        {mark && (
          <span class="mark">
            <span aria-hidden={mark.label ? "true" : undefined}>{mark.text}</span>
            {mark.label && <span class="visually-hidden">{mark.label}</span>}
          </span>
        )}
        {message.editedAt !== undefined && !deleted && <span class="edited">{ui.t("edited")}</span>}
        {props.runEnd && (
          <time dateTime={new Date(message.createdAt).toISOString()}>
            {formatTime(ui.lang, message.createdAt)}
          </time>
        )}
        {props.trigger}
      </span>
      {props.menu}
    </li>
  );
}

/** A message of mine not yet stored, or refused; its files with their progress. */
export function OutgoingItem(props: {
  ui: Ui;
  roomId: string;
  body: string;
  /** The seq of the message it replies to, if any. */
  replyTo?: number | undefined;
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
      {props.replyTo !== undefined && (
        <MessageQuote ui={ui} roomId={props.roomId} seq={props.replyTo} />
      )}
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
