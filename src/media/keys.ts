/** Where a file's bytes live in the `MEDIA` bucket: an opaque key per file id. */
export const mediaKey = (id: string) => `media/${id}`;
