/**
 * The user's picture in their profile: chosen from their files, a square of it chosen by
 * dragging (or the arrow keys) and sizing, cropped and resized to 512 px in the browser,
 * uploaded and set (`PATCH /api/me {avatarId}`); or removed, for initials.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { type Crop, centred, moveCrop, sizeCrop } from "../media/crop";
import { UserAvatar } from "./avatar";
import { ErrorLine } from "./card";
import type { Ui } from "./describe";
import { useAction } from "./room-info";

/** The canvas's side in its own pixels (shown at 16rem, sharp on a 2x screen). */
const VIEW = 512;

export function AvatarField(props: { ui: Ui }) {
  const { ui } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  const [picked, setPicked] = useState<{ bitmap: ImageBitmap; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const me = store.me.user;
  const hasAvatar = (store.people.get(me.id)?.avatarId ?? me.avatarId) !== null;

  const setAvatar = (avatarId: string | null) =>
    run(async () => {
      setBusy(true);
      try {
        const profile = await store.http.updateProfile({ avatarId });
        store.people.add([profile]);
        me.avatarId = profile.avatarId;
        store.changed();
      } finally {
        setBusy(false);
      }
    });

  const save = (crop: Crop) => {
    if (!picked) return;
    void run(async () => {
      setBusy(true);
      try {
        const { squareImage } = await import("../media/prepare");
        const square = await squareImage(picked.bitmap, crop);
        const info = await store.client.media.upload(square.blob, {
          type: "image/jpeg",
          name: "avatar.jpg",
          width: square.width,
          height: square.height,
        });
        setBusy(false);
        if (await setAvatar(info.id)) close();
      } finally {
        setBusy(false);
      }
    });
  };
  const close = () => {
    picked?.bitmap.close();
    setPicked(null);
  };

  return (
    <fieldset class="avatar-field">
      <legend>{t("picture")}</legend>
      <ErrorLine error={error} />
      <div class="row wrap">
        <UserAvatar ui={ui} userId={me.id} name={me.displayName} class="avatar-large" />
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => picker.current?.click()}
        >
          {t("choosePicture")}
        </button>
        {hasAvatar && (
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => void setAvatar(null)}
          >
            {t("removePicture")}
          </button>
        )}
        <input
          ref={picker}
          type="file"
          accept="image/*"
          hidden
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = "";
            if (!file) return;
            void run(async () => {
              const { openImage } = await import("../media/prepare");
              close();
              setPicked({ bitmap: await openImage(file), name: file.name });
            });
          }}
        />
      </div>
      {picked && (
        <Cropper ui={ui} bitmap={picked.bitmap} busy={busy} onSave={save} onCancel={close} />
      )}
    </fieldset>
  );
}

function Cropper(props: {
  ui: Ui;
  bitmap: ImageBitmap;
  busy: boolean;
  onSave: (crop: Crop) => void;
  onCancel: () => void;
}) {
  const { ui, bitmap } = props;
  const { t } = ui;
  const { width, height } = bitmap;
  const [crop, setCrop] = useState(() => centred(width, height));
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const scale = Math.min(VIEW / width, VIEW / height);
  const [ox, oy] = [(VIEW - width * scale) / 2, (VIEW - height * scale) / 2];

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const w = width * scale;
    const h = height * scale;
    context.clearRect(0, 0, VIEW, VIEW);
    context.drawImage(bitmap, ox, oy, w, h);
    context.fillStyle = "rgb(0 0 0 / 0.55)";
    context.fillRect(ox, oy, w, h);
    const [cx, cy, side] = [ox + crop.x * scale, oy + crop.y * scale, crop.side * scale];
    context.drawImage(bitmap, crop.x, crop.y, crop.side, crop.side, cx, cy, side, side);
    context.strokeStyle = "#fff";
    context.lineWidth = 3;
    context.strokeRect(cx, cy, side, side);
  }, [bitmap, crop]);

  /** Canvas pixels per CSS pixel, then picture pixels per canvas pixel. */
  const toPicture = (cssPixels: number) => {
    const shown = canvas.current?.getBoundingClientRect().width || VIEW;
    return (cssPixels * (VIEW / shown)) / scale;
  };
  const step = Math.max(1, Math.round(Math.min(width, height) / 20));
  const short = Math.min(width, height);

  return (
    <div class="cropper">
      <p id="crop-hint" class="subtitle">
        {t("cropHint")}
      </p>
      <canvas
        ref={canvas}
        class="crop-area"
        width={VIEW}
        height={VIEW}
        role="img"
        aria-label={t("cropArea")}
        aria-describedby="crop-hint"
        tabIndex={0}
        onKeyDown={(e) => {
          const moves: Record<string, [number, number]> = {
            ArrowLeft: [-step, 0],
            ArrowRight: [step, 0],
            ArrowUp: [0, -step],
            ArrowDown: [0, step],
          };
          const move = moves[e.key];
          if (!move) return;
          e.preventDefault();
          setCrop((c) => moveCrop(c, move[0], move[1], width, height));
        }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, y: e.clientY };
        }}
        onPointerMove={(e) => {
          const from = drag.current;
          if (!from) return;
          drag.current = { x: e.clientX, y: e.clientY };
          const [dx, dy] = [toPicture(e.clientX - from.x), toPicture(e.clientY - from.y)];
          setCrop((c) => moveCrop(c, dx, dy, width, height));
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
      />
      <label>
        {t("cropSize")}
        <input
          type="range"
          min={Math.min(64, short)}
          max={short}
          value={Math.round(crop.side)}
          onInput={(e) => {
            const side = Number(e.currentTarget.value);
            setCrop((c) => sizeCrop(c, side, width, height));
          }}
        />
      </label>
      <div class="row">
        <button type="button" disabled={props.busy} onClick={() => props.onSave(crop)}>
          {t("savePicture")}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t("cancel")}
        </button>
      </div>
    </div>
  );
}
