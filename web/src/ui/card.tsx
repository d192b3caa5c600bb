/** Pieces every card screen shares: its top row, and the line that shows an error. */
import type { Ui } from "./describe";
import { onLink } from "./hooks";

/** A back link to `back`, then the screen's title (its id labels the card). */
export function CardHeader(props: { ui: Ui; back: string; titleId: string; title: string }) {
  return (
    <div class="row">
      <a
        href={props.back}
        onClick={onLink}
        class="button secondary"
        aria-label={props.ui.t("back")}
      >
        ←
      </a>
      <h2 id={props.titleId} class="grow">
        {props.title}
      </h2>
    </div>
  );
}

/** The last error, announced to screen readers; nothing when there is none. */
export function ErrorLine(props: { error: string | null }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}
