import { useState } from "preact/hooks";
import type { ApiClient, SessionEnd } from "../../../src/client";
import type { Translate } from "../i18n";
import { errorText } from "../state/error-text";
import { ErrorLine } from "./card";

/** Sign in, or create an account; says why the last session ended, if not by signing out here. */
export function AuthForm(props: { t: Translate; api: ApiClient; ended?: SessionEnd | undefined }) {
  const { t, api, ended } = props;
  const [mode, setMode] = useState<"signIn" | "signUp">("signIn");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    try {
      if (mode === "signUp") {
        await api.signUp({ username, password, displayName: String(form.get("displayName")) });
      } else {
        await api.signIn({ username, password });
      }
    } catch (cause) {
      setError(errorText(t, cause));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={submit} aria-busy={busy}>
      <h2>{mode === "signIn" ? t("signIn") : t("signUp")}</h2>
      {ended && (
        <p class="notice" role="status">
          {ended === "revoked" ? t("endedRevoked") : t("endedElsewhere")}
        </p>
      )}
      <label>
        {t("username")}
        <input name="username" autocomplete="username" required minLength={3} maxLength={32} />
      </label>
      {mode === "signUp" && (
        <label>
          {t("displayName")}
          <input name="displayName" autocomplete="nickname" required maxLength={64} />
        </label>
      )}
      <label>
        {t("password")}
        <input
          name="password"
          type="password"
          autocomplete={mode === "signUp" ? "new-password" : "current-password"}
          required
          minLength={8}
        />
      </label>
      <ErrorLine error={error} />
      <button type="submit" disabled={busy}>
        {busy ? t("working") : mode === "signIn" ? t("signIn") : t("signUp")}
      </button>
      <button
        type="button"
        class="link"
        onClick={() => setMode(mode === "signIn" ? "signUp" : "signIn")}
      >
        {mode === "signIn" ? t("needAccount") : t("haveAccount")}
      </button>
    </form>
  );
}
