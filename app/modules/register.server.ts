// The composition root: what the platform needs from modules, handed over at start-up. The
// platform imports no module; modules register here instead. Imported (for its effect) by every
// entry: app/entry.server.tsx (the site), graphql/yoga.server.ts (the API) and the tests' setup.
import { registerViewerResolver } from "~/platform/request.server";
import { viewerFromRequest } from "~/modules/identity";

registerViewerResolver(viewerFromRequest);
