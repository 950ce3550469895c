// The page's Content-Security-Policy nonce (entry.server.tsx makes one per request): the inline
// scripts Remix renders (<Scripts>, <ScrollRestoration>) carry it. In the browser it is empty:
// browsers hide a nonce from the DOM once the page has loaded, and no inline script is added later.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce() {
  return useContext(NonceContext);
}
