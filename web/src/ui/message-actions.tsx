/**
 * A message's actions menu, and the ways to it: the ⋯ button that shows on hover, a long
 * press on a touch screen, and the keyboard (Enter, the context-menu key or Shift+F10 on
 * the focused message). In the menu the arrow keys move, Esc and Tab close it, and the
 * focus goes back to the message unless the action took it elsewhere (Reply: the composer).
 * An entry with choices (React) shows them in the menu's place: a row of checkable items
 * (the emoji, each on when the user put it).
 */
import type { JSX, LiHTMLAttributes, RefObject } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { ActionsControl, MenuChoice, MenuEntry } from "./use-room-actions";

/** What a message's `<li>` gets for its menu (`data-actions` marks it for the arrow keys). */
export type TargetProps = LiHTMLAttributes<HTMLLIElement> & { "data-actions"?: "" };

/** Held this long, a touch opens the menu. */
const LONG_PRESS_MS = 500;
/** A touch that moves further than this (px) is a scroll, not a press. */
const PRESS_SLOP = 10;

const ITEM = '[role="menuitem"], [role="menuitemcheckbox"]';

/** The id of the list's one line telling how to open a message's actions. */
export const ACTIONS_HINT = "message-actions-hint";

/** Moves the focus among the list's messages with ↑, ↓, Home and End (on the list's keydown). */
export function moveAmongMessages(event: KeyboardEvent): void {
  const from = event.target as HTMLElement;
  if (!from.matches("li[data-actions]")) return;
  const all = [
    ...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>("li[data-actions]"),
  ];
  const at = all.indexOf(from);
  const to = { ArrowUp: at - 1, ArrowDown: at + 1, Home: 0, End: all.length - 1 }[event.key];
  const next = to === undefined ? undefined : all[to];
  if (!next) return;
  event.preventDefault();
  next.focus();
}

/**
 * What a message's `<li>` needs for its menu: attributes to spread on it, the ⋯ button and
 * the menu (when open) to render inside it. Nothing when it has no actions.
 */
export function useActionTarget(
  control: ActionsControl | undefined,
  /** The menu's name ("Message actions"), for it and its ⋯ button. */
  label: string,
): { target: TargetProps; trigger: JSX.Element | null; menu: JSX.Element | null } {
  const item = useRef<HTMLLIElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const press = useRef<{ timer: number; x: number; y: number } | null>(null);
  /** A long press opened the menu: the click that ends it is not a click on the message. */
  const pressed = useRef(false);
  useEffect(() => () => clearTimeout(press.current?.timer), []);
  if (!control || control.entries.length === 0) return { target: {}, trigger: null, menu: null };

  const open = () => control.setOpen(true);
  const close = (refocus: boolean) => {
    control.setOpen(false);
    if (refocus) item.current?.focus();
  };
  const release = () => {
    clearTimeout(press.current?.timer);
    press.current = null;
  };
  const target: TargetProps = {
    ref: item,
    tabIndex: control.tabbable ? 0 : -1,
    "data-actions": "",
    "aria-describedby": ACTIONS_HINT,
    onFocus: (e) => {
      if (e.target === e.currentTarget) control.focused();
    },
    onKeyDown: (e) => {
      if (e.target !== e.currentTarget) return; // a link or button inside does its own thing
      if (e.key === "Enter" || e.key === "ContextMenu" || (e.key === "F10" && e.shiftKey)) {
        e.preventDefault();
        open();
      }
    },
    onPointerDown: (e) => {
      if (e.pointerType === "mouse") return;
      release();
      pressed.current = false;
      const timer = window.setTimeout(() => {
        press.current = null;
        pressed.current = true;
        open();
      }, LONG_PRESS_MS);
      press.current = { timer, x: e.clientX, y: e.clientY };
    },
    onPointerMove: (e) => {
      const start = press.current;
      if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > PRESS_SLOP) release();
    },
    onPointerUp: release,
    onPointerCancel: release,
    onContextMenu: (e) => {
      // A touch held down (Android says so with a context menu): ours, not the browser's.
      if (!press.current && !pressed.current) return;
      e.preventDefault();
      if (press.current) {
        release();
        pressed.current = true;
        open();
      }
    },
    onClickCapture: (e) => {
      if (!pressed.current) return;
      pressed.current = false;
      e.preventDefault();
      e.stopPropagation();
    },
  };
  return {
    target,
    trigger: (
      <button
        ref={trigger}
        type="button"
        class="more secondary small"
        tabIndex={-1}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={control.open}
        onClick={() => (control.open ? close(false) : open())}
      >
        ⋯
      </button>
    ),
    menu: control.open ? (
      <ActionsMenu label={label} entries={control.entries} trigger={trigger} onClose={close} />
    ) : null,
  };
}

function ActionsMenu(props: {
  label: string;
  entries: MenuEntry[];
  trigger: RefObject<HTMLButtonElement | null>;
  onClose: (refocus: boolean) => void;
}) {
  const { entries, onClose } = props;
  const menu = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  /** The entry whose choices show in the menu's place (React's emoji), if one was chosen. */
  const [picking, setPicking] = useState<MenuEntry | null>(null);
  // On the menu's first paint, so a key pressed right after opening it reaches it.
  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    el.scrollIntoView({ block: "nearest" });
    // A press anywhere else closes it (the ⋯ button toggles it itself).
    const outside = (e: PointerEvent) => {
      const at = e.target as Node;
      if (!el.contains(at) && !props.trigger.current?.contains(at)) closeRef.current(false);
    };
    document.addEventListener("pointerdown", outside, true);
    return () => document.removeEventListener("pointerdown", outside, true);
  }, []);
  // The first item has the focus, the menu's and then the choices'.
  useLayoutEffect(() => {
    menu.current?.querySelector<HTMLElement>(ITEM)?.focus({ preventScroll: true });
  }, [picking]);

  const choose = (run: () => void) => {
    run();
    // Back to the message, unless the action moved the focus on (to the composer, say).
    const stayed = menu.current?.contains(document.activeElement) ?? false;
    onClose(stayed);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const last = items.length - 1;
    if (e.key === "Escape" || e.key === "Tab") {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
      return;
    }
    const next = at >= last ? 0 : at + 1;
    const previous = at <= 0 ? last : at - 1;
    const keys: Record<string, number> = {
      ArrowDown: next,
      ArrowUp: previous,
      ...(picking ? { ArrowRight: next, ArrowLeft: previous } : {}),
      Home: 0,
      End: last,
    };
    const to = keys[e.key];
    if (to === undefined) return;
    e.preventDefault();
    e.stopPropagation(); // not the list's arrows, which move among messages
    items[to]?.focus();
  };
  const choices = picking?.choices;
  return (
    <div
      ref={menu}
      class={choices ? "actions-menu picker" : "actions-menu"}
      role="menu"
      aria-label={picking ? picking.label : props.label}
      aria-orientation={choices ? "horizontal" : undefined}
      onKeyDown={onKeyDown}
    >
      {choices
        ? choices.map((choice: MenuChoice) => (
            <button
              key={choice.id}
              type="button"
              role="menuitemcheckbox"
              aria-checked={choice.checked}
              aria-label={choice.label}
              title={choice.label}
              tabIndex={-1}
              class="secondary"
              onClick={() => choose(choice.run)}
            >
              {choice.text}
            </button>
          ))
        : entries.map((entry) => (
            <button
              key={entry.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              class="secondary"
              aria-haspopup={entry.choices ? "menu" : undefined}
              onClick={() => (entry.choices ? setPicking(entry) : choose(entry.run))}
            >
              {entry.label}
            </button>
          ))}
    </div>
  );
}
