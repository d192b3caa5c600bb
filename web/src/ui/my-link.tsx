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
  return (
    <div class="my-link">
      <CopyField
        label={t("yourUsername")}
        value={username}
        button={t("copyUsername")}
        onCopy={() => copy("username", username)}
      />
      <CopyField
        label={t("yourLink")}
        value={link}
        button={t("copyLink")}
        onCopy={() => copy("link", link)}
      />
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

/** A read-only field, selected whole when focused, with a button that copies it. */
function CopyField(props: { label: string; value: string; button: string; onCopy: () => void }) {
  return (
    <label>
      {props.label}
      <span class="row">
        <input
          class="grow"
          readOnly
          value={props.value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="secondary" onClick={props.onCopy}>
          {props.button}
        </button>
      </span>
    </label>
  );
}
