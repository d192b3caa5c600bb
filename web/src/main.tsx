import { render } from "preact";
import { App } from "./app";
import { registerWorker } from "./notify/worker-link";
import { followHashRoutes } from "./ui/hooks";

followHashRoutes();
const root = document.getElementById("app");
if (root) render(<App />, root);
registerWorker();
