/**
 * An uploaded picture: its thumbnail first (small, quick), then the image itself once it has
 * loaded in the background, so the box never goes blank between them. Both come through
 * file links (`POST /api/media/links`), reused while they serve.
 */
import { useEffect, useState } from "preact/hooks";
import type { Attachment } from "../../../src/protocol";
import type { Ui } from "./describe";

export function Picture(props: {
  ui: Ui;
  file: Pick<Attachment, "id" | "thumbId">;
  /** The image itself after the thumbnail (a grid's cells show the thumbnail only). */
  full: boolean;
  class: string;
  alt: string;
}) {
  const { ui, file } = props;
  const links = ui.store.links;
  const thumb = file.thumbId ? links.url(file.thumbId) : null;
  const full = props.full || !file.thumbId ? links.url(file.id) : null;
  /** The last link of the image itself that finished loading. */
  const [loaded, setLoaded] = useState<string | null>(null);
  useEffect(() => {
    if (!full || full === loaded) return;
    let live = true;
    const image = new Image();
    image.onload = () => {
      if (live) setLoaded(full);
    };
    image.src = full;
    return () => {
      live = false;
      image.onload = null;
    };
  }, [full]);
  const src = loaded ?? thumb;
  if (!src) {
    // Still loading. A decorative picture (alt "", its button names it) is no image to a
    // screen reader; an empty-named role="img" is an accessibility error.
    const loading = `${props.class} loading`;
    if (props.alt === "") return <span class={loading} aria-hidden="true" />;
    return <span class={loading} role="img" aria-label={props.alt} />;
  }
  return (
    <img
      class={props.class}
      src={src}
      alt={props.alt}
      decoding="async"
      data-shows={loaded ? "image" : "thumbnail"}
    />
  );
}
