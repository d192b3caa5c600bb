/**
 * The object screens' addresses: `/objects` (mine), `/objects/new`, `/objects/<id>` (the
 * page a listing elsewhere links to), `/objects/<id>/edit`, `/by-object` (the owner's inbox
 * by object) and `/by-object/<id>` (the chats about one object).
 */
import type { JSX } from "preact";
import type { Ui } from "./describe";
import { MyObjects } from "./my-objects";
import { EditObject, NewObject } from "./object-form";
import { ObjectChats, ObjectGroups } from "./object-inbox";
import { ObjectPage } from "./object-page";

/** The object screen at `path`; null when the path is not one of theirs. */
export function objectScreen(ui: Ui, path: string): JSX.Element | null {
  if (path === "/objects") return <MyObjects ui={ui} />;
  if (path === "/objects/new") return <NewObject ui={ui} />;
  if (path === "/by-object") return <ObjectGroups ui={ui} />;
  const object = /^\/objects\/([^/]+)(\/edit)?$/.exec(path);
  if (object?.[1]) {
    const id = decodeURIComponent(object[1]);
    return object[2] ? (
      <EditObject key={id} ui={ui} objectId={id} />
    ) : (
      <ObjectPage key={id} ui={ui} objectId={id} />
    );
  }
  const chats = /^\/by-object\/([^/]+)$/.exec(path);
  if (chats?.[1]) {
    const id = decodeURIComponent(chats[1]);
    return <ObjectChats key={id} ui={ui} objectId={id} />;
  }
  return null;
}
