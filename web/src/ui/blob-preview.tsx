/**
 * A local picture (a file not uploaded yet) drawn on a canvas, cropped to fill its box.
 * A canvas, not an `<img>` of a `blob:` URL: the app's Content-Security-Policy lets images
 * come from its own origin only, and drawing needs no exception to it.
 */
import { useEffect, useRef } from "preact/hooks";

export function BlobPreview(props: { blob: Blob; label: string; class?: string; size?: number }) {
  const { blob } = props;
  const side = (props.size ?? 64) * 2; // sharp on a 2x screen
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    createImageBitmap(blob).then(
      (bitmap) => {
        const canvas = ref.current;
        const context = canvas?.getContext("2d");
        if (live && canvas && context) {
          const scale = Math.max(side / bitmap.width, side / bitmap.height);
          const [width, height] = [bitmap.width * scale, bitmap.height * scale];
          context.clearRect(0, 0, side, side);
          context.drawImage(bitmap, (side - width) / 2, (side - height) / 2, width, height);
        }
        bitmap.close();
      },
      () => undefined, // not a picture this browser draws: the box stays empty
    );
    return () => {
      live = false;
    };
  }, [blob, side]);
  return (
    <canvas
      ref={ref}
      class={`blob-preview ${props.class ?? ""}`}
      width={side}
      height={side}
      role="img"
      aria-label={props.label}
    />
  );
}
