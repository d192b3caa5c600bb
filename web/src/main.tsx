import { render } from "preact";
import { App } from "./app";
import { registerWorker } from "./notify/worker-link";

// A link such as /#/objects/<id>, for a page that cannot link to a path, opens /objects/<id>.
if (location.hash.startsWith("#/")) history.replaceState(null, "", location.hash.slice(1));
const root = document.getElementById("app");
if (root) render(<App />, root);
registerWorker();
