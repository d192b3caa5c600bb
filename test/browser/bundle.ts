/** Builds a browser test fixture with Vite into memory, as the web app itself is built. */
import { build, type Rolldown } from "vite";

export async function bundle(entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "silent",
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ["es"], fileName: "fixture" },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs[0]?.output.find((file) => file.type === "chunk");
  if (chunk?.type !== "chunk") throw new Error(`no bundle built for ${entry}`);
  return chunk.code;
}
