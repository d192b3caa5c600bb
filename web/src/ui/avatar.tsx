/**
 * A person's picture: their avatar (an upload, shown through a file link) over their
 * initials on a colour of their own (avatar-look.ts), which show while it loads and when
 * they have none. Decorative beside their name, which is always written out.
 */
import type { ComponentChildren } from "preact";
import { avatarColors, initials } from "./avatar-look";
import type { Ui } from "./describe";

/**
 * The colours as CSS variables, set through the CSSOM (the CSP allows no style attribute);
 * the stylesheet picks the light or the dark pair.
 */
function colorVariables(id: string): Record<string, string> {
  const { light, dark } = avatarColors(id);
  return {
    "--avatar-bg": light.background,
    "--avatar-fg": light.text,
    "--avatar-bg-dark": dark.background,
    "--avatar-fg-dark": dark.text,
  };
}

/** A person's avatar id as last heard (the user's own from their session until then). */
export function avatarIdOf(ui: Ui, userId: string): string | null {
  const { store } = ui;
  const known = store.people.get(userId);
  if (known) return known.avatarId ?? null;
  return userId === store.me.user.id ? (store.me.user.avatarId ?? null) : null;
}

/** An image from a file link, shown once the link is known; hidden if it fails to load. */
export function LinkedImage(props: { ui: Ui; id: string; class: string; alt?: string }) {
  const url = props.ui.store.links.url(props.id);
  if (!url) return null;
  return (
    <img
      class={props.class}
      src={url}
      alt={props.alt ?? ""}
      decoding="async"
      onError={(e) => {
        e.currentTarget.hidden = true;
      }}
    />
  );
}

export function UserAvatar(props: {
  ui: Ui;
  userId: string | null;
  /** The name the initials come from (a room's title, when there is no one person). */
  name: string;
  /** What the colour comes from when there is no one person (a room's id); else the name. */
  colorKey?: string;
  class?: string;
  children?: ComponentChildren;
}) {
  const { ui, userId } = props;
  const avatarId = userId ? avatarIdOf(ui, userId) : null;
  return (
    <span
      class={`avatar ${props.class ?? ""}`}
      aria-hidden="true"
      style={colorVariables(userId ?? props.colorKey ?? props.name)}
    >
      {initials(props.name)}
      {avatarId && <LinkedImage ui={ui} id={avatarId} class="avatar-photo" />}
      {props.children}
    </span>
  );
}
