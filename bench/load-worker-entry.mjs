// Worker threads on Node 20 ignore `--import tsx` for their entry file: register tsx, then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./load-worker.ts");
