/**
 * The banner for a new message in another room than the one on screen: announced politely
 * (it never takes focus), opens the room on a click, and goes by itself (notify/attention.ts).
 */
import { useEffect, useReducer } from "preact/hooks";
import type { Attention } from "../notify/attention";
import type { Ui } from "./describe";
import { onLink } from "./hooks";

export function Banner(props: { ui: Ui; attention: Attention }) {
  const { ui, attention } = props;
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => attention.subscribe(() => bump(1)), [attention]);
  const notice = attention.banner;
  // The live region is there before its text, so that screen readers announce the text.
  return (
    <div class="banner-slot" role="status" aria-label={ui.t("banner")}>
      {notice && (
        <div class="banner">
          <a
            class="banner-link"
            href={notice.data.url}
            onClick={(event) => {
              onLink(event);
              attention.dismiss();
            }}
          >
            <strong>{notice.title}</strong>
            <span class="preview">{notice.body}</span>
          </a>
          <button
            type="button"
            class="secondary"
            aria-label={ui.t("dismiss")}
            onClick={() => attention.dismiss()}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
