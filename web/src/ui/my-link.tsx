/**
 * The user's own username and link (`/u/<username>`, which opens a chat with them), each
 * with a button that copies it. Shown in the profile and in an empty inbox.
 */
import { useState } from "preact/hooks";
import type { Ui } from "./describe";

/** The address that opens a chat with `username` on this app. */
export function userLink(username: string, origin = location.origin): string {
  return `${origin}/u/${encodeURIComponent(username)}`;
}

type Copied = "username" | "link" | "failed";

export function MyLink(props: { ui: Ui }) {
  const { store, t } = props.ui;
  const { username } = store.me.user;
  const link = userLink(username);
  const [copied, setCopied] = useState<Copied | null>(null);
  const copy = (what: Copied, text: string) => {
    setCopied(null);
    // The clipboard may be refused (no permission, an old browser): the text is selectable.
    const writing = navigator.clipboard?.writeText(text) ?? Promise.reject(new Error("none"));
    void writing.then(
      () => setCopied(what),
      () => setCopied("failed"),
    );
  };
  const select = (e: Event) => (e.currentTarget as HTMLInputElement).select();
  return (
    <div class="my-link">
      <label>
        {t("yourUsername")}
        <span class="row">
          <input class="grow" readOnly value={username} onFocus={select} />
          <button type="button" class="secondary" onClick={() => copy("username", username)}>
            {t("copyUsername")}
          </button>
        </span>
      </label>
      <label>
        {t("yourLink")}
        <span class="row">
          <input class="grow" readOnly value={link} onFocus={select} />
          <button type="button" class="secondary" onClick={() => copy("link", link)}>
            {t("copyLink")}
          </button>
        </span>
      </label>
      <p class="hint">{t("yourLinkHint")}</p>
      <p role="status">
        {copied === "username"
          ? t("copiedUsername")
          : copied === "link"
            ? t("copiedLink")
            : copied === "failed"
              ? t("copyBySelecting")
              : ""}
      </p>
    </div>
  );
}
