// Every test file sees the app's message catalogs, as server.ts and entry.server.tsx register them.
import "../../app/modules/catalogs";
