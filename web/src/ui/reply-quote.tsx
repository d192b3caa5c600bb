/**
 * Quotes of the messages replies answer: above the composer while writing one, and above a
 * reply's text in the timeline, as the sender's name and one line of the message ("📷 Photo"
 * for a photo with no caption; "Original message deleted" once it is). A quote in the
 * timeline goes to its message when the room shows it; when this device does not hold it,
 * it says so and can load it, and the loaded quote opens the room at it (`?at=<seq>`).
 */
import { assertNever, type ChatMessage } from "../../../src/protocol";
import { excerpt } from "../state/excerpt";
import { messageText, nameOf, type Ui } from "./describe";
import { navigate } from "./hooks";

/** How long a message gone to from a quote stays highlighted. */
const HIGHLIGHT_MS = 1600;

/** Who wrote the quoted message (for an object's post, the object's title), and a line of it. */
function quoteLines(ui: Ui, message: ChatMessage): { sender: string; text: string } {
  const card = ui.store.rooms.get(message.roomId)?.entry.card;
  const sender =
    message.kind === "object" ? (card?.title ?? ui.t("object")) : nameOf(ui, message.senderId);
  const deleted = message.deletedAt !== undefined || message.hidden === true;
  return { sender, text: deleted ? ui.t("quoteDeleted") : excerpt(messageText(ui, message)) };
}

/** The message being replied to, above the composer, with a button to cancel the reply. */
export function ComposerQuote(props: { ui: Ui; message: ChatMessage; onCancel: () => void }) {
  const { ui, message } = props;
  const { sender, text } = quoteLines(ui, message);
  return (
    <div class="reply-draft quote" id="reply-draft">
      <span class="quote-lines">
        <span class="quote-sender">{ui.t("replyTo", { name: sender })}</span>
        <span class="quote-text">{text}</span>
      </span>
      <button
        type="button"
        class="secondary small"
        aria-label={ui.t("cancelReply")}
        title={ui.t("cancelReply")}
        onClick={props.onCancel}
      >
        ✕
      </button>
    </div>
  );
}

/** Scrolls the room to its message `seq`, focuses it and highlights it for a moment. */
function goTo(seq: number): void {
  const item = document.querySelector<HTMLElement>(`.messages li[data-seq="${seq}"]`);
  if (!item) return;
  item.scrollIntoView({ block: "center" });
  // The list learns it was scrolled now, not at the scroll event's frame: else the render
  // the focus causes would keep it pinned to the bottom.
  item.closest(".messages")?.dispatchEvent(new Event("scroll"));
  if (item.hasAttribute("tabindex")) item.focus({ preventScroll: true });
  item.classList.remove("highlight");
  void item.offsetWidth; // restarts the highlight when it is gone to again
  item.classList.add("highlight");
  setTimeout(() => item.classList.remove("highlight"), HIGHLIGHT_MS);
}

/** A reply's quote in the timeline: of message `seq` of the room. */
export function MessageQuote(props: { ui: Ui; roomId: string; seq: number }) {
  const { ui, roomId, seq } = props;
  const { t, store } = ui;
  const quote = store.quotes.of(roomId, seq);
  const load = () => void store.quotes.load(roomId, seq);
  switch (quote.status) {
    case "held":
    case "loaded": {
      const { sender, text } = quoteLines(ui, quote.message);
      const lines = (
        <>
          <span class="visually-hidden">{t("inReplyTo")} </span>
          <span class="quote-sender">{sender}</span>
          <span class="quote-text">{text}</span>
        </>
      );
      // Held: the timeline shows it. Loaded into the quote only: the room opens at it.
      const open =
        quote.status === "held"
          ? () => goTo(seq)
          : () => navigate(`/rooms/${encodeURIComponent(roomId)}?at=${seq}`);
      return (
        <button type="button" class="quote quote-lines" onClick={open}>
          {lines}
        </button>
      );
    }
    case "unloaded":
    case "failed":
      return (
        <div class="quote quote-missing">
          <span>{t(quote.status === "failed" ? "quoteFailed" : "quoteNotLoaded")}</span>
          <button type="button" class="link" onClick={load}>
            {t(quote.status === "failed" ? "tryAgain" : "loadQuote")}
          </button>
        </div>
      );
    case "loading":
      return (
        <div class="quote quote-missing" aria-busy="true">
          {t("working")}
        </div>
      );
    case "unavailable":
      return <div class="quote quote-missing">{t("quoteUnavailable")}</div>;
    default:
      return assertNever(quote);
  }
}
