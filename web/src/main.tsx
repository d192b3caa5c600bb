import { render } from "preact";
import { App } from "./app";
import { registerWorker } from "./notify/worker-link";

const root = document.getElementById("app");
if (root) render(<App />, root);
registerWorker();
